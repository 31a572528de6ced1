/**
 * Segments at scale, on the warehouse the model benchmark built (1M customers): the features mart,
 * evaluating every shipped segment and one of all members, exporting ~1M members in each format and
 * shape, and pushing them to a local HTTP server. Each step runs in its own process.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { StepResult } from "./models-bench.js";

export async function segmentsBench(outDir: string, customers: number, log: (line: string) => void): Promise<StepResult[]> {
  const warehouse = join(outDir, `models-${customers}.duckdb`);
  if (!existsSync(warehouse)) throw new Error(`${warehouse} is missing: run the model benchmark first (BENCH_ONLY=models npm run bench)`);
  const results: StepResult[] = [];
  for (const step of ["features", "evaluate", "export", "push"]) {
    const out = execFileSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "segments-case.ts"), step, warehouse, outDir], { encoding: "utf8", maxBuffer: 1 << 24 });
    const r = JSON.parse(out.trim().split("\n").pop()!) as StepResult;
    results.push(r);
    log(`  ${step.padEnd(9)} ${String(r.ms).padStart(8)} ms  peak ${r.peakRssMiB} MiB  ${JSON.stringify(r.detail)}`);
  }
  return results;
}
