/**
 * The deterministic sample chain: a retail loyalty programme's nightly feeds, messy as real exports
 * are, with a truth file of what was built in. DuckDB does the bulk work from hash-based draws, so
 * the same options always give byte-identical files.
 */
import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { UsageError } from "../../src/errors.js";
import { sqlString, Warehouse } from "../../src/db/warehouse.js";
import { chooseBadRows, describeBadRows } from "./bad-rows.js";
import { buildBonusEvents } from "./build-bonus.js";
import { buildCampaigns } from "./build-campaigns.js";
import { buildCustomers } from "./build-customers.js";
import { buildProducts } from "./build-products.js";
import { buildProfileHistory, profileHistoryTruth } from "./build-profile-history.js";
import { plantLoyalBuyers, plantProblems } from "./plant-problems.js";
import { buildReceipts } from "./build-receipts.js";
import { buildStores } from "./build-stores.js";
import { buildAnonymousVisits, buildMemberVisits } from "./build-visits.js";
import { addDays, monthsBetween, type ChainContext } from "./chain-context.js";
import { createMacros } from "./chain-macros.js";
import { createLineMacros } from "./receipt-lines.js";
import { DEFAULT_END_DATE, LIMITS, RESENT_DAYS } from "./sample-params.js";
import { countChain, GENERATOR, writeTruthFile } from "./truth-file.js";
import { writeCrmFeeds } from "./write-crm-feeds.js";
import type { FeedWriter, WrittenFile } from "./write-feed.js";
import { writeMasterFeeds } from "./write-master-feeds.js";
import { writeLineFiles, writeReceiptFiles, writeResentFile } from "./write-receipt-feeds.js";

export interface SampleChainOptions {
  customers: number;
  stores: number;
  days: number;
  seed: number;
  out: string;
  /** ISO date of the last day; default 2026-10-31 (fixed, so output never depends on today). */
  endDate?: string;
  /** Also write receipt lines (Parquet); default true. */
  lines?: boolean;
  /** Plant the problems the diagnosis of the month should find (plant-problems.ts); default true. */
  problems?: boolean;
  onProgress?: (step: string) => void;
}

export interface SampleChainResult {
  /** Absolute paths of every file written, _truth.json included. */
  files: string[];
  /** Receipts in the monthly files (sales and returns, bad rows included, the re-sent copy not). */
  receipts: number;
  receiptLines: number;
  customers: number;
  truthFile: string;
}

/** DuckDB spills to disk beyond this, so a million-customer chain fits a laptop. */
const MEMORY_LIMIT = "4GB";

/** The files a sample chain writes. */
const OWN_FILE = /^(receipts_\d{4}-\d{2}(_resent)?\.csv|receipt_lines_\d{4}-\d{2}\.parquet|stores\.csv|customers(_updates)?\.csv|children\.csv|cards\.csv|products\.jsonl|bonus_ledger\.jsonl|campaigns\.jsonl|messages\.jsonl\.gz|coupons\.csv|campaign_members\.csv|_truth\.json)$/;

export async function generateSampleChain(o: SampleChainOptions): Promise<SampleChainResult> {
  validate(o);
  const out = resolve(o.out);
  const endDate = o.endDate ?? DEFAULT_END_DATE;
  const lines = o.lines ?? true;
  await mkdir(out, { recursive: true });
  await clearPreviousChain(out);
  const tmpDir = await mkdtemp(join(out, ".sample-chain-"));
  const wh = await Warehouse.open(":memory:", { memoryLimit: MEMORY_LIMIT });
  try {
    // Spill (large sorts and windows) goes next to the output, not into the working directory.
    await wh.exec(`SET temp_directory = ${sqlString(join(tmpDir, "spill"))}`);
    const startDate = addDays(endDate, -(o.days - 1));
    const ctx: ChainContext = {
      wh, seed: o.seed, customers: o.customers, stores: o.stores, days: o.days, startDate, endDate,
      months: monthsBetween(startDate, endDate),
      progress: o.onProgress ?? (() => {}),
    };
    return await generate(ctx, { wh, tmpDir }, out, lines, o.problems ?? true);
  } finally {
    await wh.close();
    await rm(tmpDir, { recursive: true, force: true });
  }
}

async function generate(ctx: ChainContext, w: FeedWriter, out: string, lines: boolean, problems: boolean): Promise<SampleChainResult> {
  ctx.progress("stores and products");
  await createMacros(ctx);
  await buildStores(ctx);
  await buildProducts(ctx);
  await createLineMacros(ctx);
  ctx.progress("customers");
  await buildCustomers(ctx);
  const planted = await plantProblems(ctx, problems);
  ctx.progress("shopping trips");
  await buildMemberVisits(ctx);
  const campaigns = await buildCampaigns(ctx);
  await buildAnonymousVisits(ctx);
  await plantLoyalBuyers(ctx, problems);
  await buildReceipts(ctx);
  await buildBonusEvents(ctx);

  const resentFrom = resentStart(ctx);
  await chooseBadRows(ctx, resentFrom);
  await buildProfileHistory(ctx);
  const files: WrittenFile[] = [];
  ctx.progress("reference feeds");
  files.push(...(await writeMasterFeeds(w, out)));
  files.push(...(await writeReceiptFiles(ctx, w, out)));
  const resent = await writeResentFile(ctx, w, out, resentFrom);
  files.push(resent);
  if (lines) files.push(...(await writeLineFiles(ctx, w, out)));
  ctx.progress("bonus ledger and CRM feeds");
  files.push(...(await writeCrmFeeds(w, out)));

  const counts = await countChain(ctx);
  const truthFile = join(out, "_truth.json");
  const lastMonth = `receipts_${ctx.months[ctx.months.length - 1].label}.csv`;
  await writeTruthFile(truthFile, ctx, counts, {
    lines,
    files,
    resent: { ...resent, duplicates_of: lastMonth, from: resentFrom.slice(0, 10) },
    badRows: await describeBadRows(ctx),
    campaigns,
    profileHistory: await profileHistoryTruth(ctx),
    plantedProblems: planted,
  });
  const rowsOf = (pattern: RegExp) => files.filter((f) => pattern.test(f.name)).reduce((a, f) => a + f.rows, 0);
  return {
    files: [...files.map((f) => join(out, f.name)), truthFile],
    receipts: rowsOf(/^receipts_\d{4}-\d{2}\.csv$/),
    receiptLines: rowsOf(/^receipt_lines_/),
    customers: counts.customers,
    truthFile,
  };
}

/** The re-sent days: the last RESENT_DAYS days, but never reaching back before the last month. */
function resentStart(ctx: ChainContext): string {
  const from = addDays(ctx.endDate, -(RESENT_DAYS - 1));
  const monthStart = `${ctx.endDate.slice(0, 7)}-01`;
  return `${from > monthStart ? from : monthStart} 00:00:00`;
}

/**
 * A rerun replaces the previous chain's files, so a shorter period leaves no stale month behind;
 * feed-like files that no sample chain wrote (real feeds?) are never deleted.
 */
async function clearPreviousChain(out: string): Promise<void> {
  const own = (await readdir(out)).filter((name) => OWN_FILE.test(name));
  if (own.length === 0) return;
  const truth = await readFile(join(out, "_truth.json"), "utf8").then((t) => JSON.parse(t) as { generator?: string }, () => null);
  if (truth?.generator !== GENERATOR) {
    throw new UsageError(`${out} already holds feed files (${own[0]}, ...) that no sample chain wrote; choose another folder`);
  }
  for (const name of own) await rm(join(out, name));
}

function validate(o: SampleChainOptions): void {
  const int = (name: string, v: number, min: number, max: number) => {
    if (!Number.isInteger(v) || v < min || v > max) throw new UsageError(`${name} must be an integer in ${min}..${max}, got ${v}`);
  };
  int("customers", o.customers, 1, LIMITS.maxCustomers);
  int("stores", o.stores, 1, LIMITS.maxStores);
  int("days", o.days, LIMITS.minDays, LIMITS.maxDays);
  int("seed", o.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  if (o.endDate !== undefined && !isIsoDate(o.endDate)) throw new UsageError(`endDate must be an ISO date (YYYY-MM-DD), got ${o.endDate}`);
  if (!o.out) throw new UsageError("out folder is required");
}

function isIsoDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
}
