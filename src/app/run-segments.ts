/**
 * Runs segment definitions and keeps each run (its member list and summary row), diffed against the
 * previous one: `loyalty segments run`, a job's segments step and `npm start`.
 */
import { existsSync } from "node:fs";
import { loadAllSegments, loadSegment } from "../../segments/load-segments.js";
import { runSegment, type SegmentRun } from "../../segments/run-segment.js";
import type { SegmentDefinition } from "../../segments/segment-definition.js";
import type { Config } from "../config/config.js";
import type { AppEvents } from "./app-events.js";
import { withConfiguredWarehouse } from "./configured-warehouse.js";

export interface SegmentRunsResult {
  /** One per definition, in order; empty when there was nothing to run. */
  runs: SegmentRun[];
  elapsedMs: number;
}

/** The named definitions of `segments.dir`. */
export async function runSegmentsNamed(config: Config, names: string[], events: AppEvents): Promise<SegmentRunsResult> {
  // `segments run win-back win-back` means one run of win-back, not two
  const unique = [...new Set(names)];
  const definitions = await Promise.all(unique.map((n) => loadSegment(config.segments.dir, n)));
  return runSegmentDefinitions(config, definitions, events);
}

/**
 * Every definition in `segments.dir`, so the snapshot published next carries `segment_runs` for the
 * site. A missing folder is not an error here (segments are optional): a warning says so.
 */
export async function runAllSegments(config: Config, events: AppEvents): Promise<SegmentRunsResult> {
  const dir = config.segments.dir;
  if (!existsSync(dir)) {
    events.warning(`No segments folder ${dir} (config key "segments.dir"): no segments run.`);
    return { runs: [], elapsedMs: 0 };
  }
  const definitions = await loadAllSegments(dir);
  if (!definitions.length) {
    events.notice(`No segment definitions in ${dir}.`);
    return { runs: [], elapsedMs: 0 };
  }
  return runSegmentDefinitions(config, definitions, events);
}

/** `definitions` (at least one), in one warehouse session. */
async function runSegmentDefinitions(config: Config, definitions: SegmentDefinition[], events: AppEvents): Promise<SegmentRunsResult> {
  const { progress } = events;
  const started = Date.now();
  const runs = await withConfiguredWarehouse(config, async (wh) => {
    const kept: SegmentRun[] = [];
    progress.start(definitions.length, definitions[0].name);
    try {
      for (const [i, definition] of definitions.entries()) {
        const run = await runSegment(wh, definition, config.segments);
        kept.push(run);
        progress.update(i + 1, definition.name);
        events.event("segment_run", { ...run, title: definition.title });
      }
    } finally {
      progress.stop();
    }
    return kept;
  });
  return { runs, elapsedMs: Date.now() - started };
}
