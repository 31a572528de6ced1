/**
 * A killed ingest leaves its temp copy behind: ingest/transcode.ts rewrites Windows-1251, gzip and
 * space-aligned files as UTF-8 into `<os temp>/loyalty-ingest-XXXXXX/`, and removes the folder when
 * the file is loaded or fails, but a killed process removes nothing, and the copy holds what the feed
 * held (names, phones, e-mails). An ingest removes, before it starts, the folders that nothing has
 * written to for longer than a load reads its copy (a few minutes for the largest files).
 */
import { readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { INGEST_TEMP_PREFIX } from "./transcode.js";

export const STALE_INGEST_TEMP_MS = 3_600_000;

/** Removes stale ingest temp folders from `dir`; returns their names. Folders it may not remove (another user's) are left. */
export async function pruneIngestTemp(dir = tmpdir(), now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(dir)) {
    if (!name.startsWith(INGEST_TEMP_PREFIX)) continue;
    const path = join(dir, name);
    try {
      if (now - (await lastWriteMs(path)) < STALE_INGEST_TEMP_MS) continue;
      await rm(path, { recursive: true });
      removed.push(name);
    } catch {
      // gone meanwhile (its ingest finished), or not ours to remove
    }
  }
  return removed;
}

/** The folder's own time and its files' (the transcoder writes one file into it). */
async function lastWriteMs(folder: string): Promise<number> {
  let newest = (await stat(folder)).mtimeMs;
  for (const name of await readdir(folder)) newest = Math.max(newest, (await stat(join(folder, name))).mtimeMs);
  return newest;
}
