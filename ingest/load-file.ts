/**
 * Loads one feed file, atomically and idempotently: a file whose checksum is in the manifest is
 * skipped; otherwise parsing, quarantine, merge and the manifest row happen in one transaction, so a
 * crash mid-file leaves nothing behind. Every record read ends up in exactly one count:
 * read = loaded + updated + quarantined + duplicates + conflicts.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { FEEDS, type FeedName } from "../src/db/schema.js";
import { quoteIdent, sqlString, type Warehouse } from "../src/db/warehouse.js";
import { InputFileError } from "../src/errors.js";
import { requireFeed } from "./detect-feed.js";
import { defaultProfile, type Corrections, type MappingProfile } from "./mapping-profile.js";
import { mergeParsedRows, type MergeCounts } from "./merge-rows.js";
import { noLineDeltas, numberRecords } from "./number-records.js";
import { parseFile, type ParsedFile } from "./parse-file.js";
import { classifyBlocks } from "./resend-blocks.js";
import { classifyRows, type Classification } from "./resend-rows.js";
import { sniffFile, type SniffedFile } from "./sniff-file.js";
import { rewriteAsUtf8 } from "./transcode.js";

export interface LoadFileOptions {
  feed?: FeedName;
  profile?: MappingProfile & { name?: string };
  futureToleranceDays?: number;
  /** The chain's time zone: feed timestamps are its local times, so "the future" starts at its now. Default UTC. */
  timeZone?: string;
  /** What a re-sent row with other content is: a conflict (default) or a correction; overrides the profile's `corrections`. */
  corrections?: Corrections;
  /** Load nothing of a file that has any quarantined row or conflict (it fails instead, naming the first ones). */
  failOnQuarantine?: boolean;
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
  /** Re-sent rows (or receipts' lines) that contradict what is loaded: quarantined as conflicting_resend. */
  conflicts: number;
  durationMs: number;
}

export async function loadFile(wh: Warehouse, path: string, options: LoadFileOptions = {}): Promise<FileLoadResult> {
  const started = Date.now();
  const feed = options.feed ?? options.profile?.feed ?? requireFeed(path);
  const profile = options.profile ?? defaultProfile(feed);
  if (profile.feed !== feed) throw new InputFileError(basename(path), `the mapping profile is for the ${profile.feed} feed, not ${feed}`);
  const fileName = basename(path);
  const sniffed = await sniffFile(path);
  const checksum = await sha256(path, fileName, sniffed.gzip);
  const corrections = options.corrections ?? profile.corrections;
  const already = await wh.all<{ file_id: number; loaded_at: Date; rows_conflict: number }>(
    "SELECT file_id, loaded_at, rows_conflict FROM load_manifest WHERE sha256 = $1 ORDER BY file_id DESC LIMIT 1",
    [checksum],
  );
  // A file loaded before is skipped, unless its conflicts are now to be taken as corrections.
  const reloading = already.length > 0 && corrections === "replace" && already[0].rows_conflict > 0 ? already[0].file_id : undefined;
  if (already.length > 0 && reloading === undefined) {
    return {
      file: fileName, feed, status: "skipped", fileId: already[0].file_id,
      note: `already loaded (file ${already[0].file_id}, ${already[0].loaded_at.toISOString().slice(0, 16).replace("T", " ")}); nothing changed`,
      rowsRead: 0, loaded: 0, updated: 0, quarantined: 0, duplicates: 0, conflicts: 0, durationMs: Date.now() - started,
    };
  }
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
    // Parsing and sorting out re-sends fill connection-local temp tables only, so they run before
    // the file's transaction: a temp table written inside the transaction that then reads it is read
    // about twice as slowly by DuckDB. Everything that touches the warehouse's own tables happens
    // inside the one transaction.
    // A whitespace-aligned file was rewritten tab-separated: it is read as such.
    const readAs: MappingProfile = transcoded && whitespaceColumns ? { ...profile, delimiter: "\t" } : profile;
    const readPath = transcoded?.path ?? path;
    const parsed = await parseFile(wh, readPath, fileName, readable, feed, readAs, parseOptions);
    const facts = await sortOutRows(wh, feed, fileName, parsed, readPath, readable, corrections);
    return await wh.transaction(async () => {
      const { fileId } = await wh.one<{ fileId: number }>(`SELECT nextval('load_file_seq')::INTEGER AS "fileId"`);
      // its earlier load's conflicts are settled by this one
      if (reloading !== undefined) await wh.exec(`DELETE FROM quarantine WHERE file_id = ${reloading} AND reason = 'conflicting_resend'`);
      const counts = await mergeParsedRows(wh, feed, fileId, fileName, facts);
      if (options.failOnQuarantine && counts.quarantined + counts.conflicts > 0) throw await refusedFile(wh, fileName, fileId, counts);
      const durationMs = Date.now() - started;
      await writeManifest(wh, { path, fileName, checksum, feed, fileId, profile: options.profile?.name ?? null, rowsRead: parsed.rowsRead, ...counts, durationMs });
      await options.beforeCommit?.();
      return { file: fileName, feed, status: "loaded" as const, fileId, rowsRead: parsed.rowsRead, ...counts, durationMs };
    });
  } finally {
    await transcoded?.cleanup();
  }
}

/**
 * Decides what each good row is (new, a duplicate, a correction, a conflict) and numbers the
 * records by the lines an editor shows when there is anything to point at.
 */
async function sortOutRows(
  wh: Warehouse,
  feed: FeedName,
  fileName: string,
  parsed: ParsedFile,
  path: string,
  sniffed: SniffedFile,
  corrections: Corrections,
): Promise<Classification | undefined> {
  const spec = FEEDS[feed];
  const scan = { gzip: sniffed.gzip, quoted: true };
  const numbered = parsed.linesToScan && parsed.rowsRejected > 0;
  if (numbered) await numberRecords(wh, path, scan);
  let facts: Classification | undefined;
  if (spec.mode === "append") {
    // receipt lines with their own numbers are rows like any other; without, they come as blocks
    const positionGiven = spec.blocks !== undefined && parsed.sourced.has(spec.blocks.position);
    facts = spec.blocks && (spec.derivesReceipts || !positionGiven)
      ? await classifyBlocks(wh, feed, fileName, corrections, positionGiven)
      : await classifyRows(wh, feed, corrections);
  }
  if (numbered) return facts;
  const conflicts = facts && !facts.allNew ? " + (SELECT count(*) FROM outcome WHERE _outcome = 'conflict')" : "";
  const { n } = await wh.one<{ n: number }>(`SELECT ((SELECT count(*) FROM parsed WHERE _problem IS NOT NULL)${conflicts})::BIGINT AS n`);
  if (parsed.linesToScan && n > 0) await numberRecords(wh, path, scan);
  else await noLineDeltas(wh);
  return facts;
}

/** With --fail-on-quarantine a file with bad rows loads nothing: the error names the first of them. */
async function refusedFile(wh: Warehouse, fileName: string, fileId: number, counts: MergeCounts): Promise<InputFileError> {
  const first = await wh.all<{ line: number; field: string | null; reason: string }>(
    `SELECT line, field, reason FROM quarantine WHERE file_id = ${fileId} ORDER BY line LIMIT 5`,
  );
  const listed = first.map((q) => `line ${q.line}${q.field ? ` ${q.field}` : ""}: ${q.reason}`).join("; ");
  const what = [counts.quarantined ? `${counts.quarantined} quarantined row(s)` : "", counts.conflicts ? `${counts.conflicts} conflicting re-sent row(s)` : ""].filter(Boolean).join(" and ");
  return new InputFileError(fileName, `has ${what} (${listed}${counts.quarantined + counts.conflicts > first.length ? "; …" : ""}); nothing of it was loaded (--fail-on-quarantine)`);
}

/**
 * The file's checksum; a gzip file is also decompressed to its end on the way, because a gzip
 * stream cut short reads without complaint up to where it breaks off, and the rest would be lost.
 */
async function sha256(path: string, fileName: string, gzip: boolean): Promise<string> {
  const hash = createHash("sha256");
  const read = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    if (!gzip) await pipeline(read, hash);
    else {
      read.on("data", (chunk) => hash.update(chunk));
      await pipeline(read, createGunzip(), new Writable({ write: (_chunk, _enc, done) => done() }));
    }
  } catch (err) {
    const problem = gzip ? `is a gzip stream that cannot be read to its end (${(err as Error).message}): cut short in transfer?` : `cannot be read: ${(err as Error).message}`;
    throw new InputFileError(fileName, problem);
  }
  return hash.digest("hex");
}

type ManifestEntry = Omit<FileLoadResult, "file" | "status" | "note"> & { path: string; fileName: string; checksum: string; profile: string | null };

async function writeManifest(wh: Warehouse, e: ManifestEntry): Promise<void> {
  const spec = FEEDS[e.feed];
  const dateCol = spec.dateColumn ? quoteIdent(spec.dateColumn) : "NULL";
  const { size } = await stat(e.path);
  await wh.exec(
    `INSERT INTO load_manifest (file_id, path, file_name, sha256, feed, profile, loaded_at, rows_read, rows_loaded, rows_updated,
       rows_quarantined, rows_duplicate, min_date, max_date, bytes, duration_ms, rows_conflict)
     SELECT ${e.fileId}, $1, $2, $3, $4, $5, current_localtimestamp(), $6, $7, $8, $9, $10,
       min(${dateCol})::TIMESTAMP, max(${dateCol})::TIMESTAMP, $11, $12, $13
     FROM parsed WHERE _problem IS NULL`,
    [resolve(e.path), e.fileName, e.checksum, e.feed, e.profile, e.rowsRead, e.loaded, e.updated, e.quarantined, e.duplicates, size, e.durationMs, e.conflicts],
  );
}
