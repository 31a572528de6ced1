/**
 * The recency × frequency grid: members per pair of scores and their average monetary value.
 * mart_rfm holds one row per member; only counts and averages per cell leave this query.
 */
import { type SnapshotQuery } from "./query-snapshot.js";

export interface RfmGridCell {
  recency_score: number;
  frequency_score: number;
  members: number;
  avg_monetary: number;
  avg_check: number;
}

export function rfmGrid(q: SnapshotQuery): Promise<RfmGridCell[]> {
  return q.all<RfmGridCell>(`
    SELECT recency_score::DOUBLE AS recency_score, frequency_score::DOUBLE AS frequency_score, count(*)::DOUBLE AS members,
      avg(monetary)::DOUBLE AS avg_monetary, avg(avg_check)::DOUBLE AS avg_check
    FROM ${q.scan("mart_rfm")} GROUP BY ALL ORDER BY 1, 2`);
}
