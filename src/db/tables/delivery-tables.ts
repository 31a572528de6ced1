/**
 * What the warehouse knows about its destinations (src/delivery/sync-store.ts says how the state
 * stays exact): the members each destination holds per segment, and the log of every sync, batch
 * and failed row.
 */
import { bigint, boolean, integer, table, timestamp, varchar, type TableOf } from "./table.js";

/** `interrupted`: the process died mid-sync (found by the next sync, which resumes the work). */
export type SyncStatus = "running" | "ok" | "failed" | "cancelled" | "dry_run" | "interrupted";

/**
 * A batch's life: `in_flight` (recorded, with its members marked in doubt, before it is sent) →
 * `confirmed` (the destination answered 2xx) or `in_doubt` (no confirmation: a failure after the
 * retries, a refusal, or the process died, found `in_flight` by the next sync) → `settled` (no
 * member is in doubt because of it any more: later batches sent each of them again or removed them).
 */
export type BatchStatus = "in_flight" | "confirmed" | "in_doubt" | "settled";

export type SyncAction = "upsert" | "remove";

export const destinationState = table("destination_state", {
  destination: varchar(),
  segment: varchar(),
  member_key: varchar(),
  payload_hash: varchar(),
  run_id: integer(),
  synced_at: timestamp(),
  /** The destination may or may not hold this member (in this version): not confirmed. */
  in_doubt: boolean().default("false"),
  /** The batch that last sent this member (null for rows of syncs before batches were recorded). */
  batch_sync_id: integer().nullable(),
  batch_no: integer().nullable(),
});

export const syncRuns = table(
  "sync_runs",
  {
    sync_id: integer(),
    destination: varchar(),
    segment: varchar(),
    run_id: integer(),
    mode: varchar<"diff" | "full">(),
    started_at: timestamp(),
    finished_at: timestamp().nullable(),
    status: varchar<SyncStatus>(),
    planned_upserts: bigint(),
    planned_removes: bigint(),
    sent_upserts: bigint(),
    sent_removes: bigint(),
    failed: bigint(),
    batches: integer(),
    error: varchar().nullable(),
  },
  { key: ["sync_id"], sequence: "sync_run_seq" },
);

export const syncBatches = table("sync_batches", {
  sync_id: integer(),
  batch_no: integer(),
  action: varchar<SyncAction>(),
  members: integer(),
  idempotency_key: varchar(),
  attempts: integer(),
  status: varchar<BatchStatus>(),
  sent_at: timestamp(),
  /** The destination's last answer (null: none, so its confirmation may have been lost on the way). */
  http_status: integer().nullable(),
  /** The run and campaign its body named (a batch re-sent as it was names them again). */
  run_id: integer().nullable(),
  campaign: varchar().nullable(),
});

export const syncErrors = table("sync_errors", {
  sync_id: integer(),
  batch_no: integer(),
  member_key: varchar(),
  error: varchar(),
});

export const DELIVERY_TABLES = [destinationState, syncRuns, syncBatches, syncErrors] as const;

export type DestinationStateTable = TableOf<typeof destinationState>;
export type SyncRunsTable = TableOf<typeof syncRuns>;
export type SyncBatchesTable = TableOf<typeof syncBatches>;
export type SyncErrorsTable = TableOf<typeof syncErrors>;
