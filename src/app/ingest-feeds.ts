/** Loads feed files or folders into the warehouse: the work of `loyalty ingest`, a job's ingest step and `npm start`. */
import { ingestPlan, planIngest } from "../../ingest/ingest-paths.js";
import type { FileLoadResult } from "../../ingest/load-file.js";
import { loadMappingProfile, type Corrections } from "../../ingest/mapping-profile.js";
import { pruneIngestTemp } from "../../ingest/prune-ingest-temp.js";
import { warehouseStatus, type WarehouseStatus } from "../../ingest/warehouse-status.js";
import type { Config } from "../config/config.js";
import { ensureSchema } from "../db/ensure-schema.js";
import type { FeedName } from "../db/schema.js";
import type { AppEvents } from "./app-events.js";
import { withConfiguredWarehouse } from "./configured-warehouse.js";

export interface IngestOptions {
  /** The feed of the files, when their names do not say. */
  feed?: FeedName;
  /** A mapping profile file for a foreign export. */
  profile?: string;
  corrections?: Corrections;
  failOnQuarantine?: boolean;
}

export interface IngestResult {
  files: FileLoadResult[];
  /** What the warehouse holds after the load. */
  status: WarehouseStatus;
  /** Bytes DuckDB spilled to disk while loading (0: none), over its `memoryLimit`. */
  spilledBytes: number;
  memoryLimit: string;
  elapsedMs: number;
}

export async function ingestFeeds(config: Config, paths: string[], options: IngestOptions, events: AppEvents): Promise<IngestResult> {
  const { progress } = events;
  // what a killed ingest left: its UTF-8 copies of the feeds in the temp folder
  const pruned = await pruneIngestTemp();
  if (pruned.length) events.warning(`Removed ${pruned.length} temp folder(s) that a killed ingest left: ${pruned.join(", ")}`);
  const profile = options.profile ? await loadMappingProfile(options.profile) : undefined;
  const plan = await planIngest(paths, { feed: options.feed, profile });
  for (const skipped of plan.unrecognised) events.warning(`${skipped}: not a known feed name, not loaded (use --feed to load it)`);
  const started = Date.now();
  return withConfiguredWarehouse(config, async (wh) => {
    await ensureSchema(wh);
    progress.start(plan.files.length, "");
    const { result: files, spilledBytes } = await wh.watchSpill(() => ingestPlan(wh, plan, {
      profile,
      corrections: options.corrections,
      failOnQuarantine: options.failOnQuarantine,
      futureToleranceDays: config.ingest.futureToleranceDays,
      timeZone: config.timeZone,
      onStart: (entry, i) => progress.update(i, entry.path),
      onFile: (result, i) => {
        progress.update(i + 1, result.file);
        events.event("file", result);
      },
    }));
    progress.stop();
    const memoryLimit = await wh.memoryLimit();
    const status = await warehouseStatus(wh);
    const elapsedMs = Date.now() - started;
    events.event("summary", { ...status, elapsedMs });
    return { files, status, spilledBytes, memoryLimit, elapsedMs };
  });
}
