/**
 * A batch's effect on `destination_state` and the log, step by step (sync-store.ts names the
 * statuses). Before a batch is sent, its members are marked in doubt and pointed at it, in one
 * transaction: whatever happens next (no answer, a refusal, the process killed), the state already
 * says the destination may hold them. Only the destination's confirmation makes them exact again.
 * All of it reads the batch's rows from the sync's plan (sync-plan.ts) by `seq`.
 */
import type { NotNull } from "kysely";
import { db, now } from "../db/query-builder.js";
import type { SyncAction } from "../db/tables/delivery-tables.js";
import type { Warehouse } from "../db/warehouse.js";
import { PLAN_TABLE, planDb } from "./sync-plan.js";

export interface BatchRecord {
  syncId: number;
  batchNo: number;
  /** The action logged (a folder's file carries both; it is logged as one upsert batch). */
  action: SyncAction;
  from: number;
  to: number;
  members: number;
  idempotencyKey: string;
  /** The run and campaign its body names. */
  runId: number;
  campaign: string;
  /** Members added or changed, and removed, by this batch. */
  counts: Record<SyncAction, number>;
}

export interface BatchScope {
  destination: string;
  segment: string;
  runId: number;
}

/** The syncs of a destination's segment. */
const syncsOf = (destination: string, segment: string) =>
  db.selectFrom("sync_runs").select("sync_id").where("destination", "=", destination).where("segment", "=", segment);

/** The members of plan rows `from`…`to` of one action. */
const planMembers = (b: Pick<BatchRecord, "from" | "to">, action: SyncAction) =>
  planDb.selectFrom(PLAN_TABLE).select("member_key").where("seq", ">=", b.from).where("seq", "<=", b.to).where("action", "=", action);

/** Batches a dead process left in flight (a sync of this destination and segment found them): in doubt. */
export async function doubtBatchesInFlight(wh: Warehouse, destination: string, segment: string): Promise<void> {
  await wh.execute(
    db.updateTable("sync_batches").set({ status: "in_doubt" }).where("status", "=", "in_flight").where("sync_id", "in", syncsOf(destination, segment)),
  );
}

/** Records the batch in flight and marks its members in doubt (upserts with the version sent). */
export async function beginBatch(wh: Warehouse, scope: BatchScope, b: BatchRecord): Promise<void> {
  const state = planDb.updateTable("destination_state").where("destination", "=", scope.destination).where("segment", "=", scope.segment);
  await wh.transaction(async () => {
    await wh.execute(
      db.insertInto("sync_batches").values({
        sync_id: b.syncId, batch_no: b.batchNo, action: b.action, members: b.members, idempotency_key: b.idempotencyKey,
        attempts: 0, status: "in_flight", sent_at: now, http_status: null, run_id: b.runId, campaign: b.campaign,
      }),
    );
    // each statement scans the state: only those the batch needs are run
    if (b.counts.upsert > 0) {
      await wh.execute(
        planDb.deleteFrom("destination_state").where("destination", "=", scope.destination).where("segment", "=", scope.segment)
          .where("member_key", "in", planMembers(b, "upsert").where("held", "=", true)),
      );
      await wh.execute(
        planDb.insertInto("destination_state")
          .columns(["destination", "segment", "member_key", "payload_hash", "run_id", "synced_at", "in_doubt", "batch_sync_id", "batch_no"])
          .expression(
            planDb.selectFrom(PLAN_TABLE)
              .select((eb) => [
                eb.val(scope.destination).as("destination"), eb.val(scope.segment).as("segment"), "member_key", "payload_hash",
                eb.val(scope.runId).as("run_id"), now.as("synced_at"), eb.lit(true).as("in_doubt"), eb.val(b.syncId).as("batch_sync_id"), eb.val(b.batchNo).as("batch_no"),
              ])
              .where("seq", ">=", b.from).where("seq", "<=", b.to).where("action", "=", "upsert")
              .$narrowType<{ payload_hash: NotNull }>(), // an upsert has a payload
          ),
      );
    }
    if (b.counts.remove > 0) {
      await wh.execute(
        state.set({ in_doubt: true, batch_sync_id: b.syncId, batch_no: b.batchNo }).where("member_key", "in", planMembers(b, "remove")),
      );
    }
  });
}

/** The destination confirmed the batch: its removals are gone, its upserts held exactly as sent. */
export async function confirmBatch(wh: Warehouse, scope: BatchScope, b: BatchRecord, attempts: number, httpStatus: number | null): Promise<void> {
  await wh.transaction(async () => {
    if (b.counts.remove > 0) {
      await wh.execute(
        planDb.deleteFrom("destination_state")
          .where((eb) => eb.and({ destination: scope.destination, segment: scope.segment, batch_sync_id: b.syncId, batch_no: b.batchNo }))
          .where("member_key", "in", planMembers(b, "remove")),
      );
    }
    if (b.counts.upsert > 0) {
      await wh.execute(
        db.updateTable("destination_state").set({ in_doubt: false, synced_at: now })
          .where((eb) => eb.and({ destination: scope.destination, segment: scope.segment, batch_sync_id: b.syncId, batch_no: b.batchNo })),
      );
    }
    await wh.execute(
      db.updateTable("sync_batches").set({ status: "confirmed", attempts, http_status: httpStatus }).where("sync_id", "=", b.syncId).where("batch_no", "=", b.batchNo),
    );
    await wh.execute(
      db.updateTable("sync_runs")
        .set((eb) => ({ sent_upserts: eb("sent_upserts", "+", b.counts.upsert), sent_removes: eb("sent_removes", "+", b.counts.remove), batches: eb("batches", "+", 1) }))
        .where("sync_id", "=", b.syncId),
    );
  });
}

/** No confirmation: the batch is in doubt (its members stay marked), its rows are logged with the error. */
export async function doubtBatch(wh: Warehouse, b: BatchRecord, attempts: number, httpStatus: number | null, error: string): Promise<void> {
  await wh.transaction(async () => {
    await wh.execute(
      db.updateTable("sync_batches").set({ status: "in_doubt", attempts, http_status: httpStatus }).where("sync_id", "=", b.syncId).where("batch_no", "=", b.batchNo),
    );
    await wh.execute(
      planDb.insertInto("sync_errors")
        .columns(["sync_id", "batch_no", "member_key", "error"])
        .expression(
          planDb.selectFrom(PLAN_TABLE)
            .select((eb) => [eb.val(b.syncId).as("sync_id"), eb.val(b.batchNo).as("batch_no"), "member_key", eb.val(error).as("error")])
            .where("seq", ">=", b.from).where("seq", "<=", b.to),
        ),
    );
    await wh.execute(db.updateTable("sync_runs").set((eb) => ({ failed: eb("failed", "+", b.members) })).where("sync_id", "=", b.syncId));
  });
}

/** Batches in doubt that no member is in doubt because of any more (later batches took all of them over). */
export async function settleBatches(wh: Warehouse, destination: string, segment: string): Promise<void> {
  await wh.execute(
    db.updateTable("sync_batches")
      .set({ status: "settled" })
      .where("status", "=", "in_doubt")
      .where("sync_id", "in", syncsOf(destination, segment))
      .where(({ not, exists, selectFrom }) => not(exists(
        selectFrom("destination_state as s").select("s.member_key")
          .where("s.destination", "=", destination).where("s.segment", "=", segment).where("s.in_doubt", "=", true)
          .whereRef("s.batch_sync_id", "=", "sync_batches.sync_id").whereRef("s.batch_no", "=", "sync_batches.batch_no"),
      ))),
  );
}
