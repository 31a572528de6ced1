/**
 * A batch's effect on `destination_state` and the log, step by step (sync-store.ts names the
 * statuses). Before a batch is sent, its members are marked in doubt and pointed at it, in one
 * transaction: whatever happens next (no answer, a refusal, the process killed), the state already
 * says the destination may hold them. Only the destination's confirmation makes them exact again.
 * All of it reads the batch's rows from the sync's plan (sync-plan.ts) by `seq`.
 */
import type { Warehouse } from "../db/warehouse.js";
import { PLAN_TABLE, type SyncAction } from "./sync-plan.js";

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

/** Batches a dead process left in flight (a sync of this destination and segment found them): in doubt. */
export async function doubtBatchesInFlight(wh: Warehouse, destination: string, segment: string): Promise<void> {
  await wh.exec(
    `UPDATE sync_batches SET status = 'in_doubt' WHERE status = 'in_flight'
     AND sync_id IN (SELECT sync_id FROM sync_runs WHERE destination = $1 AND segment = $2)`,
    [destination, segment],
  );
}

/** Records the batch in flight and marks its members in doubt (upserts with the version sent). */
export async function beginBatch(wh: Warehouse, scope: BatchScope, b: BatchRecord): Promise<void> {
  const span = [scope.destination, scope.segment, b.from, b.to];
  const batch = [b.syncId, b.batchNo];
  await wh.transaction(async () => {
    await wh.exec("INSERT INTO sync_batches VALUES ($1, $2, $3, $4, $5, 0, 'in_flight', now(), NULL, $6, $7)", [
      ...batch, b.action, b.members, b.idempotencyKey, b.runId, b.campaign,
    ]);
    // each statement scans the state: only those the batch needs are run
    if (b.counts.upsert > 0) {
      await wh.exec(
        `DELETE FROM destination_state WHERE destination = $1 AND segment = $2
         AND member_key IN (SELECT member_key FROM ${PLAN_TABLE} WHERE seq BETWEEN $3 AND $4 AND action = 'upsert' AND held)`,
        span,
      );
      await wh.exec(
        `INSERT INTO destination_state SELECT $1, $2, member_key, payload_hash, $5, now(), true, $6, $7 FROM ${PLAN_TABLE}
         WHERE seq BETWEEN $3 AND $4 AND action = 'upsert'`,
        [...span, scope.runId, ...batch],
      );
    }
    if (b.counts.remove > 0) {
      await wh.exec(
        `UPDATE destination_state SET in_doubt = true, batch_sync_id = $5, batch_no = $6 WHERE destination = $1 AND segment = $2
         AND member_key IN (SELECT member_key FROM ${PLAN_TABLE} WHERE seq BETWEEN $3 AND $4 AND action = 'remove')`,
        [...span, ...batch],
      );
    }
  });
}

/** The destination confirmed the batch: its removals are gone, its upserts held exactly as sent. */
export async function confirmBatch(wh: Warehouse, scope: BatchScope, b: BatchRecord, attempts: number, httpStatus: number | null): Promise<void> {
  const batch = [scope.destination, scope.segment, b.syncId, b.batchNo];
  await wh.transaction(async () => {
    if (b.counts.remove > 0) {
      await wh.exec(
        `DELETE FROM destination_state WHERE destination = $1 AND segment = $2 AND batch_sync_id = $3 AND batch_no = $4
         AND member_key IN (SELECT member_key FROM ${PLAN_TABLE} WHERE seq BETWEEN $5 AND $6 AND action = 'remove')`,
        [...batch, b.from, b.to],
      );
    }
    if (b.counts.upsert > 0) {
      await wh.exec(
        "UPDATE destination_state SET in_doubt = false, synced_at = now() WHERE destination = $1 AND segment = $2 AND batch_sync_id = $3 AND batch_no = $4",
        batch,
      );
    }
    await wh.exec("UPDATE sync_batches SET status = 'confirmed', attempts = $3, http_status = $4 WHERE sync_id = $1 AND batch_no = $2", [b.syncId, b.batchNo, attempts, httpStatus]);
    await wh.exec(
      "UPDATE sync_runs SET sent_upserts = sent_upserts + $2, sent_removes = sent_removes + $3, batches = batches + 1 WHERE sync_id = $1",
      [b.syncId, b.counts.upsert, b.counts.remove],
    );
  });
}

/** No confirmation: the batch is in doubt (its members stay marked), its rows are logged with the error. */
export async function doubtBatch(wh: Warehouse, b: BatchRecord, attempts: number, httpStatus: number | null, error: string): Promise<void> {
  await wh.transaction(async () => {
    await wh.exec("UPDATE sync_batches SET status = 'in_doubt', attempts = $3, http_status = $4 WHERE sync_id = $1 AND batch_no = $2", [b.syncId, b.batchNo, attempts, httpStatus]);
    await wh.exec(`INSERT INTO sync_errors SELECT $1, $2, member_key, $3 FROM ${PLAN_TABLE} WHERE seq BETWEEN $4 AND $5`, [b.syncId, b.batchNo, error, b.from, b.to]);
    await wh.exec("UPDATE sync_runs SET failed = failed + $2 WHERE sync_id = $1", [b.syncId, b.members]);
  });
}

/** Batches in doubt that no member is in doubt because of any more (later batches took all of them over). */
export async function settleBatches(wh: Warehouse, destination: string, segment: string): Promise<void> {
  await wh.exec(
    `UPDATE sync_batches SET status = 'settled' WHERE status = 'in_doubt'
     AND sync_id IN (SELECT sync_id FROM sync_runs WHERE destination = $1 AND segment = $2)
     AND NOT EXISTS (SELECT 1 FROM destination_state s WHERE s.destination = $1 AND s.segment = $2 AND s.in_doubt
       AND s.batch_sync_id = sync_batches.sync_id AND s.batch_no = sync_batches.batch_no)`,
    [destination, segment],
  );
}
