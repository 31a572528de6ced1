/** The tier mix by month and the moves between tiers (mart_tiers), for the Programme page. */
import { isoDate, type SnapshotQuery } from "./query-snapshot.js";

export interface TierRow {
  period_start: string;
  tier: string;
  members: number;
  member_share: number;
  new_members: number;
  kept: number;
  arrived_up: number;
  arrived_down: number;
  arrived_unranked: number;
  left_up: number;
  left_down: number;
  avg_qualifying_spend: number | null;
  close_to_next_tier: number;
}

export function tiers(q: SnapshotQuery): Promise<TierRow[]> {
  if (!q.has("mart_tiers")) return Promise.resolve([]);
  const counts = ["members", "new_members", "kept", "arrived_up", "arrived_down", "arrived_unranked", "left_up", "left_down", "close_to_next_tier"];
  return q.all<TierRow>(`
    SELECT ${isoDate("period_start")} AS period_start, tier, ${counts.map((c) => `${c}::DOUBLE AS ${c}`).join(", ")},
      member_share::DOUBLE AS member_share, avg_qualifying_spend::DOUBLE AS avg_qualifying_spend
    FROM ${q.scan("mart_tiers")} ORDER BY period_start, tier`);
}
