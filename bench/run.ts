/**
 * `npm run bench`: performance figures, never part of `npm test`.
 * BENCH_LINES=1000000,10000000 (default) sets the ingest sizes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ingestBench, ingestBenchTable } from "./ingest-bench.js";

const outDir = join(import.meta.dirname, "out");
mkdirSync(outDir, { recursive: true });
const sizes = (process.env.BENCH_LINES ?? "1000000,10000000").split(",").map(Number);
const log = (line: string) => process.stdout.write(`${line}\n`);

log("# ingest: receipt lines, loadFile vs bare DuckDB read into a table");
const rows = await ingestBench(outDir, sizes, log);
const table = ingestBenchTable(rows);
log(`\n${table}`);
writeFileSync(join(outDir, "ingest.json"), JSON.stringify(rows, null, 2));
writeFileSync(join(outDir, "ingest.md"), `${table}\n`);
log(`\nwritten to ${join(outDir, "ingest.md")}`);
