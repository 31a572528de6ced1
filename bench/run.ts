/**
 * `npm run bench`: performance figures, never part of `npm test`.
 * BENCH_LINES=1000000,10000000 (default) sets the ingest sizes; BENCH_CUSTOMERS=1000000 (default) the
 * sample chain of the model benchmark; BENCH_ONLY=ingest|models|segments|site runs one part (segments:
 * on the model benchmark's warehouse; site: the demo snapshot that `npm start` published).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ingestBench, ingestBenchTable } from "./ingest-bench.js";
import { CLV_MODELS } from "./clv-models.js";

/** The models of the diagnosis of the month, timed together in the full build. */
const DIAGNOSIS_MODELS = ["mart_diagnosis_cells", "mart_diagnosis"];
import { modelsBench } from "./models-bench.js";
import { segmentsBench } from "./segments-bench.js";
import { siteBench } from "./site-bench.js";

const outDir = join(import.meta.dirname, "out");
mkdirSync(outDir, { recursive: true });
const sizes = (process.env.BENCH_LINES ?? "1000000,10000000").split(",").map(Number);
const log = (line: string) => process.stdout.write(`${line}\n`);

const only = process.env.BENCH_ONLY;

if (!only || only === "ingest") {
  log("# ingest: receipt lines, loadFile vs bare DuckDB read into a table");
  const rows = await ingestBench(outDir, sizes, log);
  const table = ingestBenchTable(rows);
  log(`\n${table}`);
  writeFileSync(join(outDir, "ingest.json"), JSON.stringify(rows, null, 2));
  writeFileSync(join(outDir, "ingest.md"), `${table}\n`);
}

if (!only || only === "models") {
  const customers = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
  log(`\n# models: full build vs plain SQL floor, one-day refresh, CLV fit — ${customers.toLocaleString("en-US")} customers`);
  const steps = await modelsBench(outDir, customers, log);
  const by = Object.fromEntries(steps.map((s) => [s.step, s]));
  const built = by.build.detail as Record<string, number>;
  const floor = by.floor.detail as Record<string, number>;
  const core = ["mart_kpi", "mart_rfm", "mart_cohort_retention", "mart_cvm_stage"].reduce((sum, m) => sum + built[m], 0);
  const floorMs = ["kpi_store_month", "rfm", "cohorts", "lifecycle"].reduce((sum, m) => sum + floor[m], 0);
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const gib = (mib: number) => `${(mib / 1024).toFixed(2)} GiB`;
  const peakAfter = (built.peakRssMiBAfter ?? {}) as unknown as Record<string, number>;
  const table = [
    "| step | wall time | peak memory |",
    "|---|---:|---:|",
    ...steps.map((s) => `| ${s.step} | ${seconds(s.ms)} | ${gib(s.peakRssMiB)} |`),
    `| four core outputs: models (mart_kpi, mart_rfm, mart_cohort_retention, mart_cvm_stage) | ${seconds(core)} | |`,
    `| four core outputs: plain-SQL floor | ${seconds(floorMs)} | |`,
    `| models / floor | ${(core / floorMs).toFixed(2)}× | |`,
    `| CLV (${CLV_MODELS.join(" + ")}) in the full build | ${seconds(CLV_MODELS.reduce((sum, m) => sum + built[m], 0))} | |`,
    `| diagnosis of the month (${DIAGNOSIS_MODELS.join(" + ")}) in the full build | ${seconds(DIAGNOSIS_MODELS.reduce((sum, m) => sum + built[m], 0))} | ${gib(peakAfter.mart_diagnosis)} (the build's peak after it) |`,
    `| rows where floor and models disagree | ${JSON.stringify(floor.disagreeing)} | |`,
  ].join("\n");
  log(`\n${table}`);
  writeFileSync(join(outDir, "models.json"), JSON.stringify(steps, null, 2));
  writeFileSync(join(outDir, "models.md"), `${table}\n`);
}
if (!only || only === "segments") {
  const customers = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
  log(`\n# segments: features, evaluation, exports and push — ${customers.toLocaleString("en-US")} customers`);
  const steps = await segmentsBench(outDir, customers, log);
  writeFileSync(join(outDir, "segments.json"), JSON.stringify(steps, null, 2));
}
if (!only || only === "site") {
  log("\n# report site: build time and page weight from the published demo snapshot");
  const site = await siteBench(undefined, log);
  const table = [
    "| page | files | KiB | KiB gzip |",
    "|---|---:|---:|---:|",
    ...site.pages.map((p) => `| ${p.page} | ${p.files} | ${(p.bytes / 1024).toFixed(0)} | ${(p.gzipBytes / 1024).toFixed(0)} |`),
    `| build ${(site.buildMs / 1000).toFixed(1)} s, dist ${(site.distBytes / 1024 / 1024).toFixed(2)} MiB | | ${(site.totalPageBytes / 1024).toFixed(0)} | ${(site.totalPageGzipBytes / 1024).toFixed(0)} |`,
  ].join("\n");
  log(`\n${table}`);
  writeFileSync(join(outDir, "site.md"), `${table}\n`);
}
log(`\nresults in ${outDir}`);
