/** Publishes the warehouse as the read-only Parquet snapshot: `loyalty publish`, a job's publish step and `npm start`. */
import type { Config } from "../config/config.js";
import { ensureSchema } from "../db/ensure-schema.js";
import { publishSnapshot, type PublishedSnapshot } from "../snapshot/publish-snapshot.js";
import type { AppEvents } from "./app-events.js";
import { withConfiguredWarehouse } from "./configured-warehouse.js";

export interface PublishResult {
  snapshot: PublishedSnapshot;
  /** The configured snapshot folder, whose `current` is now this snapshot. */
  snapshotDir: string;
  elapsedMs: number;
}

export async function publishWarehouse(config: Config, events: AppEvents): Promise<PublishResult> {
  const { progress } = events;
  const started = Date.now();
  return withConfiguredWarehouse(config, async (wh) => {
    await ensureSchema(wh);
    const snapshot = await publishSnapshot(wh, config.snapshotDir, config.keepSnapshots, (table, index, total) => {
      if (index === 0) progress.start(total, table);
      progress.update(index, table);
    });
    progress.stop();
    if (snapshot.pruned.length) events.warning(`Removed what killed publishes left: ${snapshot.pruned.join(", ")}`);
    const elapsedMs = Date.now() - started;
    events.event("published", { ...snapshot, elapsedMs });
    return { snapshot, snapshotDir: config.snapshotDir, elapsedMs };
  });
}
