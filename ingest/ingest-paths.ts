/**
 * Loads files and folders of feeds in dependency order (stores and customers before receipts, so a
 * first load's reference checks are meaningful), one file per transaction.
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { FeedName } from "../src/db/schema.js";
import type { Warehouse } from "../src/db/warehouse.js";
import { InputFileError } from "../src/errors.js";
import { detectFeed, requireFeed } from "./detect-feed.js";
import { loadFile, type FileLoadResult, type LoadFileOptions } from "./load-file.js";

export interface IngestPlanEntry {
  path: string;
  feed: FeedName;
}

export interface IngestPlan {
  files: IngestPlanEntry[];
  /** Files in a folder whose name names no feed: listed, not loaded. */
  unrecognised: string[];
}

const FEED_ORDER = new Map<FeedName, number>(
  (["stores", "products", "customers", "children", "cards", "campaigns", "campaign-members", "receipts", "receipt-lines", "sales-lines", "bonus-ledger", "coupons", "messages"] as FeedName[]).map(
    (f, i) => [f, i],
  ),
);
const FEED_FILE = /\.(csv|tsv|txt|jsonl|ndjson|json|parquet)(\.gz)?$/i;

export async function planIngest(paths: string[], options: Pick<LoadFileOptions, "feed" | "profile">): Promise<IngestPlan> {
  const files: IngestPlanEntry[] = [];
  const unrecognised: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new InputFileError(path, "does not exist");
    if (info.isFile()) {
      files.push({ path, feed: options.feed ?? options.profile?.feed ?? requireFeed(path) });
      continue;
    }
    // Names starting with `.` or `_` are not feeds (hidden files, `_truth.json` beside the sample chain).
    const names = (await readdir(path)).filter((n) => !/^[._]/.test(n) && FEED_FILE.test(n)).sort();
    for (const name of names) {
      const feed = options.feed ?? options.profile?.feed ?? detectFeed(name);
      if (feed) files.push({ path: join(path, name), feed });
      else unrecognised.push(join(path, name));
    }
  }
  // Plain code-point order: `receipts_2026-10.csv` before `receipts_2026-10_resent.csv`.
  files.sort((a, b) => FEED_ORDER.get(a.feed)! - FEED_ORDER.get(b.feed)! || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, unrecognised };
}

export async function ingestPlan(
  wh: Warehouse,
  plan: IngestPlan,
  options: LoadFileOptions & { onFile?: (result: FileLoadResult, index: number) => void; onStart?: (entry: IngestPlanEntry, index: number) => void },
): Promise<FileLoadResult[]> {
  const results: FileLoadResult[] = [];
  for (const [index, entry] of plan.files.entries()) {
    options.onStart?.(entry, index);
    const result = await loadFile(wh, entry.path, { ...options, feed: entry.feed });
    results.push(result);
    options.onFile?.(result, index);
  }
  return results;
}
