/** A destination's last syncs, and the rows one of them could not send: `loyalty sync --history` and `--errors`. */
import type { Config } from "../config/config.js";
import { destinationNamed } from "../delivery/sync-destination.js";
import type { Selectable } from "kysely";
import { syncErrors, syncHistory, syncRun } from "../delivery/sync-store.js";
import type { SyncErrorsTable, SyncRunsTable } from "../db/tables/delivery-tables.js";
import { UsageError } from "../errors.js";
import type { AppEvents } from "./app-events.js";
import { withConfiguredWarehouse } from "./configured-warehouse.js";

export async function destinationSyncs(config: Config, destination: string, events: AppEvents): Promise<Selectable<SyncRunsTable>[]> {
  destinationNamed(config, destination);
  const runs = await withConfiguredWarehouse(config, (wh) => syncHistory(wh, destination));
  for (const r of runs) events.event("sync_run", { ...r });
  return runs;
}

/** The rows the destination did not take in that sync (logged in sync_errors), each with its error. */
export async function failedSyncRows(config: Config, destination: string, syncId: number, events: AppEvents): Promise<Selectable<SyncErrorsTable>[]> {
  destinationNamed(config, destination);
  const errors = await withConfiguredWarehouse(config, async (wh) => {
    if (!(await syncRun(wh, destination, syncId))) throw new UnknownSyncError(destination, syncId);
    return syncErrors(wh, syncId);
  });
  for (const e of errors) events.event("sync_error", { ...e });
  return errors;
}

class UnknownSyncError extends UsageError {
  constructor(destination: string, syncId: number) {
    super(`There is no sync ${syncId} to ${destination}: the first column of loyalty sync ${destination} --history lists its syncs.`);
  }
}
