/** Evaluates a segment now, keeping nothing: its size, reach, cost and first members (`loyalty segments preview`). */
import { loadSegment } from "../../segments/load-segments.js";
import { evaluatedMembers, evaluateSegment, type SegmentSummary } from "../../segments/run-segment.js";
import type { Config } from "../config/config.js";
import type { AppEvents } from "./app-events.js";
import { withConfiguredWarehouse } from "./configured-warehouse.js";

export interface SegmentPreview {
  title: string;
  summary: SegmentSummary;
  /** The first `limit` members. */
  members: Record<string, unknown>[];
}

export async function previewSegment(config: Config, name: string, limit: number, events: AppEvents): Promise<SegmentPreview> {
  const definition = await loadSegment(config.segments.dir, name);
  return withConfiguredWarehouse(config, async (wh) => {
    const summary = await evaluateSegment(wh, definition, config.segments);
    events.event("segment_summary", { ...summary });
    const members = await evaluatedMembers(wh, limit);
    events.event("members", { members });
    return { title: definition.title, summary, members };
  });
}
