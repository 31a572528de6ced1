/** Who entered and who exited a segment between its last two runs: `loyalty segments diff`. */
import { loadSegment } from "../../segments/load-segments.js";
import { diffMembers, ensureSegmentTables, segmentRuns } from "../../segments/segment-store.js";
import type { Config } from "../config/config.js";
import { UsageError } from "../errors.js";
import type { AppEvents } from "./app-events.js";
import { withConfiguredWarehouse } from "./configured-warehouse.js";

export interface SegmentRunsDiff {
  segment: string;
  fromRun: number;
  toRun: number;
  entered: number;
  exited: number;
  /** The first `limit` customer ids of each side. */
  enteredIds: string[];
  exitedIds: string[];
}

export async function diffSegmentRuns(config: Config, name: string, limit: number, events: AppEvents): Promise<SegmentRunsDiff> {
  await loadSegment(config.segments.dir, name);
  return withConfiguredWarehouse(config, async (wh) => {
    await ensureSegmentTables(wh);
    const [latest, previous] = await segmentRuns(wh, name, 2);
    if (!latest || !previous) throw new UsageError(`Segment "${name}" needs two runs for a diff; it has ${latest ? "one" : "none"} (loyalty segments run ${name}).`);
    const enteredIds = await diffMembers(wh, previous.run_id, latest.run_id, "entered", limit);
    const exitedIds = await diffMembers(wh, previous.run_id, latest.run_id, "exited", limit);
    const diff = { segment: name, fromRun: previous.run_id, toRun: latest.run_id, entered: latest.entered, exited: latest.exited, enteredIds, exitedIds };
    events.event("diff", diff);
    return diff;
  });
}
