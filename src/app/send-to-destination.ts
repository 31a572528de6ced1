/**
 * Sends segments to a configured destination (who was added or removed since the last confirmed
 * sync): `loyalty sync` and a job's sync step.
 */
import type { Config } from "../config/config.js";
import { SyncFailedError } from "../delivery/delivery-errors.js";
import { syncDestination } from "../delivery/sync-destination.js";
import type { SyncResult } from "../delivery/sync-segment.js";
import type { AppEvents } from "./app-events.js";
import { withConfiguredWarehouse } from "./configured-warehouse.js";

export interface SendOptions {
  /** Default: the destination's list in the config. */
  segments?: string[];
  /** Resend every member (the destination lost its copy). */
  full?: boolean;
  /** Show what would be sent, send nothing. */
  dryRun?: boolean;
}

/** One result per segment, failed and stopped ones included: `assertSyncFinished` turns those into the error. */
export async function sendToDestination(config: Config, destination: string, options: SendOptions, events: AppEvents, signal?: AbortSignal): Promise<SyncResult[]> {
  const { progress } = events;
  const results = await withConfiguredWarehouse(config, (wh) =>
    syncDestination(wh, config, destination, {
      segments: options.segments, full: options.full, dryRun: options.dryRun, signal,
      onSegment: (segment, runId, fresh) => {
        events.notice(`${segment}: run ${runId}${fresh ? " (made now: the models or the definition changed)" : ""}`);
        progress.start(1, segment);
      },
      onBatch: (segment, sent, planned) => {
        progress.start(planned, segment);
        progress.update(sent, segment);
      },
    }),
  );
  progress.stop();
  for (const r of results) events.event("sync", { ...r });
  return results;
}

/** A failed or stopped segment fails the sync (after its results are shown): a stopped sync is not a finished one, and the job that ran it must not be recorded ok. */
export function assertSyncFinished(destination: string, results: SyncResult[]): void {
  const failed = results.find((r) => r.status === "failed");
  if (failed) throw new SyncFailedError(destination, failed.segment, failed.error ?? "unknown error");
  const stopped = results.find((r) => r.status === "cancelled");
  if (stopped) throw new SyncFailedError(destination, stopped.segment, "stopped between batches");
}
