/**
 * Sends a segment run to a destination the way reverse-ETL tools do: only the difference from what
 * the destination holds (members added or changed, members removed), or everything again on a full
 * resync; a dry run only reports the plan.
 *
 * Exactness: the destination's state is known exactly, doubt included (sync-store.ts, batch-state.ts).
 * A batch's members are marked in doubt before it is sent, and made exact only by its confirmation.
 * A batch sent but not confirmed is in doubt: its members count as possibly held. The next sync
 * settles every batch in doubt before anything else: one the destination never answered is re-sent
 * as it was, under the same Idempotency-Key, when nothing has changed for its members since (so a
 * destination that applied it drops the repeat); otherwise its members are planned like any member
 * in doubt: sent again if wanted, removed if not. So after a sync whose every batch was confirmed,
 * the destination holds exactly the wanted members, whatever was lost before; `--full` treats every
 * member it holds or may hold as in doubt. Keys are random per batch, so a key is never reused for
 * anything but a repeat of the same batch.
 */
import { enrolDeliveredRun } from "../../segments/campaign-enrolment.js";
import { db, now, nextId } from "../db/query-builder.js";
import { syncRuns, type SyncStatus } from "../db/tables/delivery-tables.js";
import type { Warehouse } from "../db/warehouse.js";
import { doubtBatchesInFlight, settleBatches } from "./batch-state.js";
import { destinationTypeOf, type Destination } from "./destination-types.js";
import { createPlan, dropPlan, planKeys } from "./sync-plan.js";
import { ensureDeliveryTables } from "./sync-store.js";

export interface SyncRequest {
  destinationName: string;
  destination: Destination;
  segment: string;
  campaign: string;
  runId: number;
  /** The HTTP destination's auth header (read from the environment once per sync, by the caller). */
  auth?: { header: string; value: string };
  full?: boolean;
  dryRun?: boolean;
  /** Checked between batches: a batch in flight is finished, the rest is left for the next sync. */
  signal?: AbortSignal;
  /** Called after each confirmed batch (progress). */
  onBatch?: (sent: number, planned: number) => void;
}

export interface SyncResult {
  syncId: number;
  destination: string;
  segment: string;
  runId: number;
  status: SyncStatus;
  plannedUpserts: number;
  plannedRemoves: number;
  /** Batches the plan is cut into (batches in doubt re-sent as they were count one each). */
  plannedBatches: number;
  sentUpserts: number;
  sentRemoves: number;
  failed: number;
  batches: number;
  error: string | null;
  /** Dry run: the first member keys of each action. */
  sample?: { upsert: string[]; remove: string[] };
}

export async function syncSegment(wh: Warehouse, req: SyncRequest): Promise<SyncResult> {
  await ensureDeliveryTables(wh);
  const result = await startSync(wh, req);
  try {
    const type = destinationTypeOf(req.destination);
    const plan = await createPlan(wh, {
      destination: req.destinationName, segment: req.segment, runId: req.runId, shape: req.destination.shape,
      resendAll: req.full && req.dryRun, resendInDoubt: type.resendsInDoubt,
    });
    const batches = type.cut(plan, req.destination);
    result.plannedUpserts = plan.upsert;
    result.plannedRemoves = plan.remove;
    result.plannedBatches = batches.length;
    await wh.execute(db.updateTable("sync_runs").set({ planned_upserts: plan.upsert, planned_removes: plan.remove }).where("sync_id", "=", result.syncId));
    if (req.dryRun) {
      result.sample = { upsert: await planKeys(wh, "upsert", 10), remove: await planKeys(wh, "remove", 10) };
    } else {
      await type.send(wh, req, req.destination, batches, result);
      await settleBatches(wh, req.destinationName, req.segment);
    }
    if (result.status === "ok") await enrolDeliveredRun(wh, req.runId);
  } catch (err) {
    result.status = "failed";
    result.error = (err as Error).message;
    throw err;
  } finally {
    await wh.execute(db.updateTable("sync_runs").set({ status: result.status, finished_at: now, error: result.error }).where("sync_id", "=", result.syncId));
    await dropPlan(wh);
  }
  return result;
}

/**
 * Logs the sync as running. What a dead process left (a sync still running, a batch in flight) is
 * marked interrupted and in doubt; a full resync marks everything the destination holds in doubt,
 * so it is all sent again (or removed), resumably.
 */
async function startSync(wh: Warehouse, req: SyncRequest): Promise<SyncResult> {
  const syncId = await nextId(wh, syncRuns);
  const status: SyncStatus = req.dryRun ? "dry_run" : "running";
  await wh.transaction(async () => {
    // One writer at a time: a sync still "running" in the log belongs to a process that died.
    await wh.execute(db.updateTable("sync_runs").set({ status: "interrupted" }).where("status", "=", "running")
      .where("destination", "=", req.destinationName).where("segment", "=", req.segment));
    await doubtBatchesInFlight(wh, req.destinationName, req.segment);
    await wh.execute(
      db.insertInto("sync_runs").values({
        sync_id: syncId, destination: req.destinationName, segment: req.segment, run_id: req.runId, mode: req.full ? "full" : "diff", started_at: now, finished_at: null, status,
        planned_upserts: 0, planned_removes: 0, sent_upserts: 0, sent_removes: 0, failed: 0, batches: 0, error: null,
      }),
    );
    if (req.full && !req.dryRun) {
      await wh.execute(db.updateTable("destination_state").set({ in_doubt: true }).where("destination", "=", req.destinationName).where("segment", "=", req.segment));
    }
  });
  return {
    syncId, destination: req.destinationName, segment: req.segment, runId: req.runId, status,
    plannedUpserts: 0, plannedRemoves: 0, plannedBatches: 0, sentUpserts: 0, sentRemoves: 0, failed: 0, batches: 0, error: null,
  };
}
