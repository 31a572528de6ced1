/**
 * What the warehouse knows about its destinations: the members each destination holds per segment
 * (with a hash of what was sent, so a changed offer is re-sent), and the log of every sync, batch and
 * failed row.
 *
 * The state is exact because a member a batch touched is recorded before the batch is sent:
 * `destination_state` has a row for every member the destination holds or may hold. `in_doubt` rows
 * are members the destination may or may not hold (in the version sent): a batch that touched them
 * was sent but not confirmed, or a full resync asked to treat everything as unknown. Confirmed rows
 * (`in_doubt = false`) are exactly what the destination holds. The batch that last touched a row is
 * `batch_sync_id`/`batch_no`.
 */
import type { Warehouse } from "../db/warehouse.js";

export interface DestinationStateTable {
  destination: string;
  segment: string;
  member_key: string;
  payload_hash: string;
  run_id: number;
  synced_at: Date;
  /** The destination may or may not hold this member (in this version): not confirmed. */
  in_doubt: boolean;
  /** The batch that last sent this member (null for rows of syncs before batches were recorded). */
  batch_sync_id: number | null;
  batch_no: number | null;
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

/**
 * A batch's life: `in_flight` (recorded, with its members marked in doubt, before it is sent) →
 * `confirmed` (the destination answered 2xx) or `in_doubt` (no confirmation: a failure after the
 * retries, a refusal, or the process died, found `in_flight` by the next sync) → `settled` (no
 * member is in doubt because of it any more: later batches sent each of them again or removed them).
 */
export type BatchStatus = "in_flight" | "confirmed" | "in_doubt" | "settled";

export interface SyncBatchesTable {
  sync_id: number;
  batch_no: number;
  action: "upsert" | "remove";
  members: number;
  idempotency_key: string;
  attempts: number;
  status: BatchStatus;
  sent_at: Date;
  /** The destination's last answer (null: none, so its confirmation may have been lost on the way). */
  http_status: number | null;
  /** The run and campaign its body named (a batch re-sent as it was names them again). */
  run_id: number | null;
  campaign: string | null;
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
      run_id INTEGER NOT NULL, synced_at TIMESTAMP NOT NULL, in_doubt BOOLEAN NOT NULL DEFAULT false, batch_sync_id INTEGER, batch_no INTEGER
    );
    CREATE TABLE IF NOT EXISTS sync_runs (
      sync_id INTEGER PRIMARY KEY, destination VARCHAR NOT NULL, segment VARCHAR NOT NULL, run_id INTEGER NOT NULL,
      mode VARCHAR NOT NULL, started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP, status VARCHAR NOT NULL,
      planned_upserts BIGINT NOT NULL, planned_removes BIGINT NOT NULL, sent_upserts BIGINT NOT NULL, sent_removes BIGINT NOT NULL,
      failed BIGINT NOT NULL, batches INTEGER NOT NULL, error VARCHAR
    );
    CREATE TABLE IF NOT EXISTS sync_batches (
      sync_id INTEGER NOT NULL, batch_no INTEGER NOT NULL, action VARCHAR NOT NULL, members INTEGER NOT NULL,
      idempotency_key VARCHAR NOT NULL, attempts INTEGER NOT NULL, status VARCHAR NOT NULL, sent_at TIMESTAMP NOT NULL,
      http_status INTEGER, run_id INTEGER, campaign VARCHAR
    );
    CREATE TABLE IF NOT EXISTS sync_errors (sync_id INTEGER NOT NULL, batch_no INTEGER NOT NULL, member_key VARCHAR NOT NULL, error VARCHAR NOT NULL);`);
  await upgradeDeliveryTables(wh);
}

/** Columns added to the delivery tables since they were first made, with their types. */
const ADDED_COLUMNS: Record<string, string> = {
  "destination_state.in_doubt": "BOOLEAN DEFAULT false",
  "destination_state.batch_sync_id": "INTEGER",
  "destination_state.batch_no": "INTEGER",
  "sync_batches.http_status": "INTEGER",
  "sync_batches.run_id": "INTEGER",
  "sync_batches.campaign": "VARCHAR",
};

/**
 * Tables written before batches were recorded in flight: their `sent` batches were confirmed, and
 * the members of their `failed` ones were never recorded as possibly held, so the destination may
 * hold them unknown to the state. Those members (from sync_errors) are marked in doubt, which makes
 * the next sync send them again if wanted and remove them if not. Columns missing from tables of an
 * earlier version are added first (DuckDB cannot change a table's rows in the transaction that
 * altered it), then the rows in one transaction, found by the old statuses, which nothing writes any
 * more.
 */
async function upgradeDeliveryTables(wh: Warehouse): Promise<void> {
  const present = new Set(
    (await wh.all<{ c: string }>(
      "SELECT table_name || '.' || column_name AS c FROM duckdb_columns() WHERE schema_name = 'main' AND table_name IN ('destination_state', 'sync_batches')",
    )).map((r) => r.c),
  );
  for (const [column, type] of Object.entries(ADDED_COLUMNS)) {
    const [table, name] = column.split(".");
    if (!present.has(column)) await wh.exec(`ALTER TABLE ${table} ADD COLUMN ${name} ${type}`);
  }
  const { old } = await wh.one<{ old: number }>("SELECT count(*)::INTEGER AS old FROM sync_batches WHERE status IN ('sent', 'failed')");
  if (old === 0) return;
  await wh.transaction(async () => {
    const failedMembers = `SELECT DISTINCT r.destination, r.segment, e.member_key, r.run_id FROM sync_errors e
      JOIN sync_runs r USING (sync_id) JOIN sync_batches b ON b.sync_id = e.sync_id AND b.batch_no = e.batch_no WHERE b.status = 'failed'`;
    await wh.exec(`UPDATE destination_state SET in_doubt = true FROM (${failedMembers}) f
      WHERE destination_state.destination = f.destination AND destination_state.segment = f.segment AND destination_state.member_key = f.member_key`);
    await wh.exec(`INSERT INTO destination_state
      SELECT f.destination, f.segment, f.member_key, '', max(f.run_id), now(), true, NULL, NULL FROM (${failedMembers}) f
      WHERE NOT EXISTS (SELECT 1 FROM destination_state s WHERE s.destination = f.destination AND s.segment = f.segment AND s.member_key = f.member_key)
      GROUP BY f.destination, f.segment, f.member_key`);
    await wh.exec("UPDATE sync_batches SET status = CASE status WHEN 'sent' THEN 'confirmed' ELSE 'in_doubt' END WHERE status IN ('sent', 'failed')");
  });
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
