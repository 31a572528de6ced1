/**
 * What was loaded: files with rows read / loaded / updated / quarantined / duplicates / conflicts and their date
 * ranges; quarantined rows by reason and file (never their raw text); values kept with a warning (an
 * unknown code, a phone that is not one, a change dated by the load) by reason; and the days without any
 * receipts between the first and the last loaded day (coverage gaps).
 */
import { QUARANTINE_REASONS } from "../ingest/quarantine-reasons.js";
import { FEEDS } from "../src/db/schema.js";
import { sqlNameOf } from "../src/db/warehouse.js";
import { isoDate, type SnapshotQuery } from "./query-snapshot.js";

const FEED_NAMES = Object.fromEntries(Object.entries(FEEDS).map(([feed, spec]) => [feed, spec.titleRu]));
const REASON_NAMES = Object.fromEntries(Object.entries(QUARANTINE_REASONS).map(([reason, text]) => [reason, text.ru]));

export interface DataQuality {
  loads: {
    file_name: string; feed: string; feed_name: string; loaded_at: string; rows_read: number; rows_loaded: number; rows_updated: number;
    rows_quarantined: number; rows_duplicate: number; rows_conflict: number; min_date: string | null; max_date: string | null; bytes: number; duration_ms: number;
  }[];
  quarantine: { feed: string; feed_name: string; file_name: string; reason: string; reason_name: string; field: string | null; rows: number }[];
  warnings: { feed: string; feed_name: string; reason: string; reason_name: string; field: string | null; rows: number }[];
  gaps: { gap_start: string; gap_end: string; days: number }[];
  coverage: { first_day: string | null; last_day: string | null; days_with_receipts: number };
}

export async function dataQuality(q: SnapshotQuery): Promise<DataQuality> {
  // a snapshot published before conflicts were counted has no rows_conflict column
  const conflicts = q.has("load_manifest") && (await q.columns("load_manifest")).includes("rows_conflict") ? "rows_conflict" : "0";
  const loads = q.has("load_manifest")
    ? await q.all<DataQuality["loads"][number]>(`
      SELECT file_name, feed, ${sqlNameOf("feed", FEED_NAMES)} AS feed_name, strftime(loaded_at, '%Y-%m-%d %H:%M') AS loaded_at, rows_read::DOUBLE AS rows_read, rows_loaded::DOUBLE AS rows_loaded,
        rows_updated::DOUBLE AS rows_updated, rows_quarantined::DOUBLE AS rows_quarantined, rows_duplicate::DOUBLE AS rows_duplicate,
        ${conflicts}::DOUBLE AS rows_conflict,
        ${isoDate("min_date")} AS min_date, ${isoDate("max_date")} AS max_date, bytes::DOUBLE AS bytes, duration_ms::DOUBLE AS duration_ms
      FROM ${q.scan("load_manifest")} ORDER BY loaded_at, file_name`)
    : [];
  const quarantine = q.has("quarantine")
    ? await q.all<DataQuality["quarantine"][number]>(`
      SELECT feed, ${sqlNameOf("feed", FEED_NAMES)} AS feed_name, file_name, reason, ${sqlNameOf("reason", REASON_NAMES)} AS reason_name, field, count(*)::DOUBLE AS rows
      FROM ${q.scan("quarantine")} GROUP BY ALL ORDER BY rows DESC, feed, file_name, reason`)
    : [];
  const warnings = q.has("load_warnings")
    ? await q.all<DataQuality["warnings"][number]>(`
      SELECT feed, ${sqlNameOf("feed", FEED_NAMES)} AS feed_name, reason, ${sqlNameOf("reason", REASON_NAMES)} AS reason_name, field, count(*)::DOUBLE AS rows
      FROM ${q.scan("load_warnings")} GROUP BY ALL ORDER BY rows DESC, feed, reason, field`)
    : [];
  const days = `(SELECT period_start AS day FROM ${q.scan("mart_kpi")} WHERE grain = 'day' AND scope = 'chain' AND audience = 'all' AND receipts > 0)`;
  const [coverage] = await q.all<DataQuality["coverage"]>(
    `SELECT ${isoDate("min(day)")} AS first_day, ${isoDate("max(day)")} AS last_day, count(*)::DOUBLE AS days_with_receipts FROM ${days}`);
  const gaps = await q.all<DataQuality["gaps"][number]>(`
    WITH d AS (SELECT day, lead(day) OVER (ORDER BY day) AS next_day FROM ${days})
    SELECT ${isoDate("day + INTERVAL 1 DAY")} AS gap_start, ${isoDate("next_day - INTERVAL 1 DAY")} AS gap_end, (next_day - day - 1)::DOUBLE AS days
    FROM d WHERE next_day - day > 1 ORDER BY day`);
  return { loads, quarantine, warnings, gaps, coverage };
}
