/**
 * Loads one feed file, atomically and idempotently: a file whose checksum is in the manifest is
 * skipped; otherwise parsing, quarantine, merge and the manifest row happen in one transaction, so a
 * crash mid-file leaves nothing behind.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { FEEDS, type FeedName } from "../src/db/schema.js";
import { quoteIdent, sqlString, type Warehouse } from "../src/db/warehouse.js";
import { InputFileError } from "../src/errors.js";
import { requireFeed } from "./detect-feed.js";
import { defaultProfile, type MappingProfile } from "./mapping-profile.js";
import { mergeParsedRows } from "./merge-rows.js";
import { parseFile } from "./parse-file.js";
import { sniffFile } from "./sniff-file.js";
import { rewriteAsUtf8 } from "./transcode.js";

export interface LoadFileOptions {
  feed?: FeedName;
  profile?: MappingProfile & { name?: string };
  futureToleranceDays?: number;
  /** The chain's time zone: feed timestamps are its local times, so "the future" starts at its now. Default UTC. */
  timeZone?: string;
  /** Called inside the file's transaction just before COMMIT (tests use it to simulate a crash). */
  beforeCommit?: () => Promise<void>;
}

export interface FileLoadResult {
  file: string;
  feed: FeedName;
  status: "loaded" | "skipped";
  /** Why a file was skipped (already loaded). */
  note?: string;
  fileId: number;
  rowsRead: number;
  loaded: number;
  updated: number;
  quarantined: number;
  duplicates: number;
  durationMs: number;
}

export async function loadFile(wh: Warehouse, path: string, options: LoadFileOptions = {}): Promise<FileLoadResult> {
  const started = Date.now();
  const feed = options.feed ?? options.profile?.feed ?? requireFeed(path);
  const profile = options.profile ?? defaultProfile(feed);
  if (profile.feed !== feed) throw new InputFileError(basename(path), `the mapping profile is for the ${profile.feed} feed, not ${feed}`);
  const fileName = basename(path);
  const checksum = await sha256(path);
  const already = await wh.all<{ file_id: number; loaded_at: Date }>(
    "SELECT file_id, loaded_at FROM load_manifest WHERE sha256 = $1 LIMIT 1",
    [checksum],
  );
  if (already.length > 0) {
    return {
      file: fileName, feed, status: "skipped", fileId: already[0].file_id,
      note: `already loaded (file ${already[0].file_id}, ${already[0].loaded_at.toISOString().slice(0, 16).replace("T", " ")}); nothing changed`,
      rowsRead: 0, loaded: 0, updated: 0, quarantined: 0, duplicates: 0, durationMs: Date.now() - started,
    };
  }
  const sniffed = await sniffFile(path);
  const encoding = profile.encoding ?? sniffed.encoding;
  const whitespaceColumns = profile.delimiter === "whitespace";
  const needsRewrite = sniffed.format !== "parquet" && (encoding !== "utf-8" || whitespaceColumns);
  const transcoded = needsRewrite ? await rewriteAsUtf8(path, { encoding, gzip: sniffed.gzip, whitespaceColumns }) : undefined;
  const readable = transcoded ? await sniffFile(transcoded.path) : sniffed;
  try {
    const parseOptions = {
      decimal: profile.decimal,
      dateFormat: profile.dateFormat,
      latestTimestamp: `((now() AT TIME ZONE ${sqlString(options.timeZone ?? "UTC")}) + INTERVAL ${Math.round((options.futureToleranceDays ?? 2) * 24)} HOUR)`,
    };
    // Parsing fills connection-local temp tables only, so it runs before the file's transaction: a temp
    // table written inside the transaction that then reads it is read about twice as slowly by DuckDB.
    // Everything that touches the warehouse's own tables happens inside the one transaction.
    // A whitespace-aligned file was rewritten tab-separated: it is read as such.
    const readAs: MappingProfile = transcoded && whitespaceColumns ? { ...profile, delimiter: "\t" } : profile;
    const parsed = await parseFile(wh, transcoded?.path ?? path, fileName, readable, feed, readAs, parseOptions);
    return await wh.transaction(async () => {
      const { fileId } = await wh.one<{ fileId: number }>(`SELECT nextval('load_file_seq')::INTEGER AS "fileId"`);
      const counts = await mergeParsedRows(wh, feed, fileId, fileName);
      const durationMs = Date.now() - started;
      await writeManifest(wh, { path, fileName, checksum, feed, fileId, profile: options.profile?.name ?? null, rowsRead: parsed.rowsRead, ...counts, durationMs });
      await options.beforeCommit?.();
      return { file: fileName, feed, status: "loaded" as const, fileId, rowsRead: parsed.rowsRead, ...counts, durationMs };
    });
  } finally {
    await transcoded?.cleanup();
  }
}

async function sha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  try {
    await pipeline(createReadStream(path), hash);
  } catch (err) {
    throw new InputFileError(path, `cannot be read: ${(err as Error).message}`);
  }
  return hash.digest("hex");
}

type ManifestEntry = Omit<FileLoadResult, "file" | "status" | "note"> & { path: string; fileName: string; checksum: string; profile: string | null };

async function writeManifest(wh: Warehouse, e: ManifestEntry): Promise<void> {
  const spec = FEEDS[e.feed];
  const dateCol = spec.dateColumn ? quoteIdent(spec.dateColumn) : "NULL";
  const { size } = await stat(e.path);
  await wh.exec(
    `INSERT INTO load_manifest
     SELECT ${e.fileId}, $1, $2, $3, $4, $5, current_localtimestamp(), $6, $7, $8, $9, $10,
       min(${dateCol})::TIMESTAMP, max(${dateCol})::TIMESTAMP, $11, $12
     FROM parsed WHERE _problem IS NULL`,
    [resolve(e.path), e.fileName, e.checksum, e.feed, e.profile, e.rowsRead, e.loaded, e.updated, e.quarantined, e.duplicates, size, e.durationMs],
  );
}
