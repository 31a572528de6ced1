/**
 * The loader's bookkeeping: every file loaded (its id numbers the staging rows it brought), the rows
 * it quarantined, the values it could not normalise and the changes corrected rows made.
 */
import type { FeedName } from "../schema.js";
import { bigint, integer, table, timestamp, varchar, type TableOf } from "./table.js";

export const loadManifest = table(
  "load_manifest",
  {
    file_id: integer(),
    path: varchar(),
    file_name: varchar(),
    sha256: varchar(),
    feed: varchar<FeedName>(),
    profile: varchar().nullable(),
    loaded_at: timestamp(),
    rows_read: bigint(),
    rows_loaded: bigint(),
    rows_updated: bigint(),
    rows_quarantined: bigint(),
    rows_duplicate: bigint(),
    min_date: timestamp().nullable(),
    max_date: timestamp().nullable(),
    bytes: bigint(),
    duration_ms: bigint(),
    rows_conflict: bigint().default("0"),
  },
  { key: ["file_id"], sequence: "load_file_seq" },
);

export const quarantine = table("quarantine", {
  file_id: integer(),
  feed: varchar<FeedName>(),
  file_name: varchar(),
  /** The physical line an editor shows (the header is line 1). */
  line: bigint(),
  field: varchar().nullable(),
  reason: varchar(),
  value: varchar().nullable(),
  raw: varchar().nullable(),
  /** The record's number when it differs from its line (quoted fields with line breaks before it). */
  record: bigint().nullable(),
});

export const historyChanges = table("history_changes", {
  feed: varchar<FeedName>(),
  entity_key: varchar(),
  field: varchar(),
  old_value: varchar().nullable(),
  new_value: varchar().nullable(),
  /** When the load recorded the change. */
  changed_at: timestamp(),
  file_id: integer(),
  /** When the change happened in the source system: the corrected row's `updated_at`, where its feed has one. */
  effective_at: timestamp().nullable(),
});

/** A value that failed normalisation (a phone or e-mail that is not one) on a row that was loaded. */
export const loadWarnings = table("load_warnings", {
  file_id: integer(),
  feed: varchar<FeedName>(),
  line: bigint(),
  field: varchar(),
  reason: varchar(),
  value: varchar().nullable(),
});

export const INGEST_TABLES = [loadManifest, quarantine, historyChanges, loadWarnings] as const;

export type LoadManifestTable = TableOf<typeof loadManifest>;
export type QuarantineTable = TableOf<typeof quarantine>;
export type HistoryChangesTable = TableOf<typeof historyChanges>;
export type LoadWarningsTable = TableOf<typeof loadWarnings>;
