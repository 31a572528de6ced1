/**
 * Syncs segments to one configured destination: each segment's current run (made now if the models
 * or the definition changed since the last one), then the diff since the last confirmed sync.
 */
import { loadSegment } from "../../segments/load-segments.js";
import { currentRun } from "../../segments/run-segment.js";
import type { Config } from "../config/config.js";
import type { Destination } from "./destination-config.js";
import type { Warehouse } from "../db/warehouse.js";
import { UsageError } from "../errors.js";
import { UnknownDestinationError } from "./delivery-errors.js";
import { destinationAuth } from "./destination-types.js";
import { syncSegment, type SyncResult } from "./sync-segment.js";

export interface SyncDestinationOptions {
  /** Segments to send; default: the destination's `segments` list. */
  segments?: string[];
  full?: boolean;
  dryRun?: boolean;
  signal?: AbortSignal;
  onSegment?: (segment: string, runId: number, freshRun: boolean) => void;
  onBatch?: (segment: string, sent: number, planned: number) => void;
}

/** The configured destination of that name, or an error listing the configured ones. */
export function destinationNamed(config: Config, name: string): Destination {
  const destination = config.destinations[name];
  if (!destination) throw new UnknownDestinationError(name, Object.keys(config.destinations));
  return destination;
}

export async function syncDestination(wh: Warehouse, config: Config, name: string, options: SyncDestinationOptions = {}): Promise<SyncResult[]> {
  const destination = destinationNamed(config, name);
  const segments = options.segments?.length ? options.segments : destination.segments;
  // read once, before any run is made: a missing secret stops the sync at once; a dry run sends nothing
  const auth = options.dryRun ? undefined : destinationAuth(name, destination);
  if (!segments.length) throw new UsageError(`Destination "${name}" has no segments: list them in its config (segments: [...]) or name them (--segment).`);
  const results: SyncResult[] = [];
  for (const segment of segments) {
    const definition = await loadSegment(config.segments.dir, segment);
    const { runId, fresh } = await currentRun(wh, definition, config.segments);
    options.onSegment?.(segment, runId, fresh);
    const result = await syncSegment(wh, {
      destinationName: name, destination, segment, campaign: definition.campaign ?? definition.name, runId, auth,
      full: options.full, dryRun: options.dryRun, signal: options.signal,
      onBatch: (sent, planned) => options.onBatch?.(segment, sent, planned),
    });
    results.push(result);
    if (result.status !== "ok" && result.status !== "dry_run") break;
  }
  return results;
}
