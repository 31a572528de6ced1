/** The segment definitions of `segments.dir`, whether each loads, and each one's last run: `loyalty segments list`. */
import { existsSync } from "node:fs";
import { listSegmentFiles, loadSegmentFile, type SegmentFile } from "../../segments/load-segments.js";
import type { Selectable } from "kysely";
import { latestRun } from "../../segments/segment-store.js";
import type { SegmentRunsTable } from "../db/tables/segment-tables.js";
import type { Config } from "../config/config.js";
import { withWarehouse } from "../db/warehouse.js";
import type { AppEvents } from "./app-events.js";

export interface ListedSegment {
  name: string;
  path: string;
  /** Why the definition cannot be loaded; undefined: it loads. */
  problem?: string;
  lastRun?: Selectable<SegmentRunsTable>;
}

export async function listSegments(config: Config, events: AppEvents): Promise<ListedSegment[]> {
  const files = listSegmentFiles(config.segments.dir);
  const [runs, problems] = await Promise.all([latestRuns(config.warehouse, files.map((f) => f.name)), definitionProblems(files)]);
  const listed = files.map((f, i) => ({ name: f.name, path: f.path, problem: problems[i], lastRun: runs[i] }));
  for (const s of listed) events.event("segment", { name: s.name, path: s.path, valid: !s.problem, error: s.problem ?? null, lastRun: s.lastRun ?? null });
  const invalid = problems.filter(Boolean).length;
  // listed, not thrown: one broken file must not hide the state of the others
  if (invalid) events.warning(`${invalid} of ${files.length} segment definition(s) are invalid and cannot run until fixed (see the status column).`);
  return listed;
}

/** Why each definition cannot be loaded (undefined: it loads), with the file's path left off: the row names it. */
async function definitionProblems(files: SegmentFile[]): Promise<(string | undefined)[]> {
  const loaded = await Promise.allSettled(files.map((f) => loadSegmentFile(f.path)));
  return loaded.map((result, i) => {
    if (result.status === "fulfilled") return undefined;
    const message = String((result.reason as Error)?.message ?? result.reason).split("\n")[0];
    const prefix = `${files[i].path}: `;
    return message.startsWith(prefix) ? message.slice(prefix.length) : message;
  });
}

/**
 * The last run of each segment, read-only: listing must not create a warehouse on a fresh checkout,
 * nor the segment tables in one where no segment has run; either way nothing has run yet.
 */
async function latestRuns(warehouse: string, names: string[]): Promise<(Selectable<SegmentRunsTable> | undefined)[]> {
  const never = names.map(() => undefined);
  if (!existsSync(warehouse)) return never;
  return withWarehouse(
    warehouse,
    async (wh) => ((await wh.hasTables("segment_runs", "segment_members")) ? Promise.all(names.map((n) => latestRun(wh, n))) : never),
    { readOnly: true },
  );
}
