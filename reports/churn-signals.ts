/** What preceded churn (mart_churn_signals): falling frequency and shrinking basket, churned against stayed, by month. */
import { isoDate, type SnapshotQuery } from "./query-snapshot.js";

export interface ChurnSignalRow {
  as_of: string;
  /** churned or stayed */
  outcome: string;
  members: number;
  compared: number;
  falling_frequency: number;
  shrinking_basket: number;
  compared_receipts_recent: number;
  compared_receipts_before: number;
  compared_sales_recent: number;
  compared_sales_before: number;
  /** The days of each window (models.lifecycle.signalWindowDays). */
  window_days: number;
}

/** Counts and sums only: the page adds months together and takes the shares and changes of the sums. */
export function churnSignals(q: SnapshotQuery): Promise<ChurnSignalRow[]> {
  if (!q.has("mart_churn_signals")) return Promise.resolve([]);
  const columns = ["members", "compared", "falling_frequency", "shrinking_basket", "compared_receipts_recent", "compared_receipts_before",
    "compared_sales_recent", "compared_sales_before"];
  return q.all<ChurnSignalRow>(`
    SELECT ${isoDate("as_of")} AS as_of, outcome, ${columns.map((c) => `round(${c}, 2)::DOUBLE AS ${c}`).join(", ")}, window_days::DOUBLE AS window_days
    FROM ${q.scan("mart_churn_signals")} ORDER BY as_of, outcome`);
}
