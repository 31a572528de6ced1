/**
 * What a drafted profile makes of the first records of an export: they are loaded, in memory, the
 * way `ingest` would load the whole file, so the user sees rows as they would land before loading
 * anything for real.
 */
import { open, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { ensureSchema } from "../../src/db/ensure-schema.js";
import { FEEDS } from "../../src/db/schema.js";
import { Warehouse } from "../../src/db/warehouse.js";
import { loadFile, type FileLoadResult } from "../load-file.js";
import type { MappingProfile } from "../mapping-profile.js";

export interface ProfilePreview {
  /** What loading the sample gave. */
  result: FileLoadResult;
  /** The first rows as they land (receipts for receipt feeds, else the feed's table). */
  rows: Record<string, unknown>[];
  /** Quarantined rows of the sample, by reason. */
  problems: { reason: string; field: string | null; rows: number; firstLine: number }[];
}

const SAMPLE_BYTES = 256 * 1024;

/** Loads the first records of `path` (up to 256 kB of a text file; a Parquet file whole) with `profile`. */
export async function previewProfile(path: string, profile: MappingProfile, rows = 5): Promise<ProfilePreview> {
  const dir = await mkdtemp(join(tmpdir(), "loyalty-preview-"));
  const wh = await Warehouse.open(":memory:");
  try {
    await ensureSchema(wh);
    const sample = /\.(parquet|gz)$/i.test(path) ? path : await firstLines(path, join(dir, basename(path)));
    const result = await loadFile(wh, sample, { profile, futureToleranceDays: 36_500 });
    const table = FEEDS[profile.feed].derivesReceipts ? FEEDS.receipts.table : FEEDS[profile.feed].table;
    return {
      result,
      rows: await wh.all(`SELECT * EXCLUDE (_file_id, _line) FROM ${table} ORDER BY _line LIMIT ${rows}`),
      problems: await wh.all(`SELECT reason, field, count(*)::INT AS rows, min(line)::INT AS "firstLine" FROM quarantine GROUP BY ALL ORDER BY rows DESC, reason`),
    };
  } finally {
    await wh.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The file's first bytes up to the last whole line (its encoding and line endings untouched). */
async function firstLines(path: string, out: string): Promise<string> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    const whole = bytesRead < SAMPLE_BYTES ? bytesRead : buffer.lastIndexOf(10, bytesRead - 1) + 1;
    await writeFile(out, buffer.subarray(0, whole));
    return out;
  } finally {
    await handle.close();
  }
}
