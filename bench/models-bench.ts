/**
 * Model build at scale: ingest a sample chain, build every model (with data tests), compute four core
 * outputs as plain SQL from the metric definitions on a copy (the floor, bench/floor-sql.ts, which
 * also checks the models' figures), refresh after one more day of receipts, and time the BG/NBD +
 * Gamma-Gamma fit and scoring on its own. Each step runs in its own process.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withWarehouse, sqlString } from "../src/db/warehouse.js";
import { generateSampleChain } from "../ingest/sample-chain/generate-sample-chain.js";

export interface StepResult {
  step: string;
  ms: number;
  peakRssMiB: number;
  detail: Record<string, unknown>;
}

function runStep(step: string, warehouse: string, arg = ""): StepResult {
  const out = execFileSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "models-case.ts"), step, warehouse, arg], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split("\n").pop()!);
}

/** One more day of receipts: the last day's receipts again, a day later, with new ids. */
async function writeNextDay(warehouse: string, dir: string): Promise<string> {
  const file = join(dir, "receipts_next-day.csv");
  await withWarehouse(warehouse, (wh) =>
    wh.exec(`COPY (SELECT store_id, 'N' || receipt_id AS receipt_id, till_id, receipt_at + INTERVAL 1 DAY AS receipt_at, card_number, total,
        discount, bonus_earned, bonus_spent, payment_type, is_return::INT AS is_return, NULL AS original_receipt_id
      FROM stg_receipts WHERE receipt_at::DATE = (SELECT max(receipt_at)::DATE FROM stg_receipts) AND NOT is_return)
      TO ${sqlString(file)} (HEADER, DELIMITER ';')`),
  );
  return file;
}

export async function modelsBench(outDir: string, customers: number, log: (line: string) => void): Promise<StepResult[]> {
  const chain = join(outDir, `chain-${customers}`);
  if (!existsSync(join(chain, "stores.csv"))) {
    log(`generating a sample chain of ${customers.toLocaleString("en-US")} customers (receipt lines left out)…`);
    const t = performance.now();
    const r = await generateSampleChain({ customers, stores: 100, days: 730, seed: 7, out: chain, lines: false });
    log(`  ${r.receipts.toLocaleString("en-US")} receipts in ${Math.round(performance.now() - t)} ms`);
  }
  const warehouse = join(outDir, `models-${customers}.duckdb`);
  const floorCopy = join(outDir, `models-${customers}-floor.duckdb`);
  // the ingested warehouse is kept and reused (ingest takes minutes at 1M); BENCH_REINGEST=1 redoes it
  const ingested = join(outDir, `models-${customers}-ingested.duckdb`);
  const ingestResult = join(outDir, `models-${customers}-ingested.json`);
  rmSync(warehouse, { force: true });
  const results: StepResult[] = [];
  const step = (name: string, wh: string, arg?: string) => {
    const r = runStep(name, wh, arg);
    results.push(r);
    log(`  ${name.padEnd(8)} ${String(r.ms).padStart(8)} ms  peak ${r.peakRssMiB} MiB`);
    return r;
  };
  if (existsSync(ingested) && existsSync(ingestResult) && !process.env.BENCH_REINGEST) {
    copyFileSync(ingested, warehouse);
    const r: StepResult = JSON.parse(readFileSync(ingestResult, "utf8"));
    results.push(r);
    log(`  ingest   ${String(r.ms).padStart(8)} ms  peak ${r.peakRssMiB} MiB (measured when ${ingested} was made)`);
  } else {
    writeFileSync(ingestResult, JSON.stringify(step("ingest", warehouse, chain)));
    copyFileSync(warehouse, ingested);
  }
  step("build", warehouse);
  copyFileSync(warehouse, floorCopy);
  step("floor", floorCopy);
  const nextDay = join(outDir, `next-day-${customers}`);
  rmSync(nextDay, { recursive: true, force: true });
  execFileSync("mkdir", ["-p", nextDay]);
  await writeNextDay(warehouse, nextDay);
  step("refresh", warehouse, nextDay);
  step("clv", warehouse);
  step("clvfit", warehouse);
  rmSync(floorCopy, { force: true });
  return results;
}
