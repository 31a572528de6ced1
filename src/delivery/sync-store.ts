/**
 * What the warehouse knows about its destinations: the members each destination holds per segment
 * (with a hash of what was sent, so a changed offer is re-sent), and the log of every sync, batch and
 * failed row. A batch's state is committed only after the destination confirmed it.
 */
import type { Warehouse } from "../db/warehouse.js";

export interface DestinationStateTable {
  destination: string;
  segment: string;
  member_key: string;
  payload_hash: string;
  run_id: number;
  synced_at: Date;
}

/** `interrupted`: the process died mid-sync (found by the next sync, which resumes the work). */
export type SyncStatus = "running" | "ok" | "failed" | "cancelled" | "dry_run" | "interrupted";

export interface SyncRunsTable {
  sync_id: number;
  destination: string;
  segment: string;
  run_id: number;
  mode: "diff" | "full";
  started_at: Date;
  finished_at: Date | null;
  status: SyncStatus;
  planned_upserts: number;
  planned_removes: number;
  sent_upserts: number;
  sent_removes: number;
  failed: number;
  batches: number;
  error: string | null;
}

export interface SyncBatchesTable {
  sync_id: number;
  batch_no: number;
  action: "upsert" | "remove";
  members: number;
  idempotency_key: string;
  attempts: number;
  status: "sent" | "failed";
  sent_at: Date;
}

export interface SyncErrorsTable {
  sync_id: number;
  batch_no: number;
  member_key: string;
  error: string;
}

export async function ensureDeliveryTables(wh: Warehouse): Promise<void> {
  await wh.exec(`CREATE SEQUENCE IF NOT EXISTS sync_run_seq START 1;
    CREATE TABLE IF NOT EXISTS destination_state (
      destination VARCHAR NOT NULL, segment VARCHAR NOT NULL, member_key VARCHAR NOT NULL, payload_hash VARCHAR NOT NULL,
      run_id INTEGER NOT NULL, synced_at TIMESTAMP NOT NULL
    );
    CREATE TABLE IF NOT EXISTS sync_runs (
      sync_id INTEGER PRIMARY KEY, destination VARCHAR NOT NULL, segment VARCHAR NOT NULL, run_id INTEGER NOT NULL,
      mode VARCHAR NOT NULL, started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP, status VARCHAR NOT NULL,
      planned_upserts BIGINT NOT NULL, planned_removes BIGINT NOT NULL, sent_upserts BIGINT NOT NULL, sent_removes BIGINT NOT NULL,
      failed BIGINT NOT NULL, batches INTEGER NOT NULL, error VARCHAR
    );
    CREATE TABLE IF NOT EXISTS sync_batches (
      sync_id INTEGER NOT NULL, batch_no INTEGER NOT NULL, action VARCHAR NOT NULL, members INTEGER NOT NULL,
      idempotency_key VARCHAR NOT NULL, attempts INTEGER NOT NULL, status VARCHAR NOT NULL, sent_at TIMESTAMP NOT NULL
    );
    CREATE TABLE IF NOT EXISTS sync_errors (sync_id INTEGER NOT NULL, batch_no INTEGER NOT NULL, member_key VARCHAR NOT NULL, error VARCHAR NOT NULL);`);
}

/** A destination's newest syncs, newest first. */
export async function syncHistory(wh: Warehouse, destination: string, limit = 20): Promise<SyncRunsTable[]> {
  await ensureDeliveryTables(wh);
  return wh.all<SyncRunsTable>("SELECT * FROM sync_runs WHERE destination = $1 ORDER BY sync_id DESC LIMIT $2", [destination, limit]);
}

/** One logged sync, if `syncId` is one of `destination`'s. */
export async function syncRun(wh: Warehouse, destination: string, syncId: number): Promise<SyncRunsTable | undefined> {
  await ensureDeliveryTables(wh);
  return (await wh.all<SyncRunsTable>("SELECT * FROM sync_runs WHERE destination = $1 AND sync_id = $2", [destination, syncId]))[0];
}

/** The rows of a sync the destination did not take, with its error, in the order they were sent. */
export async function syncErrors(wh: Warehouse, syncId: number): Promise<SyncErrorsTable[]> {
  // read after syncRun, which made sure the tables exist
  return wh.all<SyncErrorsTable>("SELECT * FROM sync_errors WHERE sync_id = $1 ORDER BY batch_no, member_key", [syncId]);
}
