/**
 * Ingest throughput beside the floor: each file loaded by `loadFile` (sniff, transcode, parse,
 * validate, dedupe, merge, manifest, one transaction) and by a bare DuckDB read into a table, each
 * case in its own process so that its peak memory is its own.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { makeLineFiles } from "./make-lines.js";

export interface IngestBenchRow {
  lines: number;
  format: string;
  mode: "ingest" | "floor";
  ms: number;
  rowsPerSecond: number;
  peakRssMiB: number;
}

function runCase(mode: "ingest" | "floor", file: string, outDir: string): { rows: number; ms: number; peakRssMiB: number } {
  const stdout = execFileSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "ingest-case.ts"), mode, file, join(outDir, `bench-${mode}.duckdb`)], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split("\n").pop()!);
}

export async function ingestBench(outDir: string, sizes: number[], log: (line: string) => void): Promise<IngestBenchRow[]> {
  const rows: IngestBenchRow[] = [];
  for (const n of sizes) {
    log(`preparing a line-level export of ${n.toLocaleString("en-US")} lines…`);
    const files = await makeLineFiles(outDir, n);
    const cases: [string, string, ("ingest" | "floor")[]][] = [
      ["parquet", files.parquet, ["floor", "ingest"]],
      ["csv utf-8", files.utf8, ["floor", "ingest"]],
      ["csv windows-1251", files.cp1251, ["ingest"]],
    ];
    for (const [format, file, modes] of cases) {
      for (const mode of modes) {
        const r = runCase(mode, file, outDir);
        const row = { lines: n, format, mode, ms: Math.round(r.ms), rowsPerSecond: Math.round(r.rows / (r.ms / 1000)), peakRssMiB: Math.round(r.peakRssMiB) };
        rows.push(row);
        log(`  ${format.padEnd(17)} ${mode.padEnd(6)} ${String(row.ms).padStart(7)} ms  ${row.rowsPerSecond.toLocaleString("en-US").padStart(11)} rows/s  ${row.peakRssMiB} MiB`);
      }
    }
  }
  return rows;
}

export function ingestBenchTable(rows: IngestBenchRow[]): string {
  const out = ["| lines | format | ingest ms | floor ms | ingest / floor | ingest rows/s | ingest peak MiB | floor peak MiB |", "|---:|---|---:|---:|---:|---:|---:|---:|"];
  for (const r of rows.filter((x) => x.mode === "ingest")) {
    const floor = rows.find((x) => x.mode === "floor" && x.lines === r.lines && x.format === r.format);
    out.push(
      `| ${r.lines.toLocaleString("en-US")} | ${r.format} | ${r.ms} | ${floor?.ms ?? "–"} | ${floor ? (r.ms / floor.ms).toFixed(2) + "×" : "–"} | ${r.rowsPerSecond.toLocaleString("en-US")} | ${r.peakRssMiB} | ${floor?.peakRssMiB ?? "–"} |`,
    );
  }
  return out.join("\n");
}
