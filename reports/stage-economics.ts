/** Each CVM stage's month (mart_stage_economics): members, buyers, revenue, check, frequency, recency, bonuses, discounts. */
import { isoDate, type SnapshotQuery } from "./query-snapshot.js";

export interface StageEconomicsRow {
  as_of: string;
  stage: string;
  members: number;
  buyers: number;
  receipts: number;
  revenue: number;
  avg_check: number | null;
  frequency: number | null;
  avg_days_since_last: number | null;
  bonus_spent: number;
  discounts: number;
}

export function stageEconomics(q: SnapshotQuery): Promise<StageEconomicsRow[]> {
  if (!q.has("mart_stage_economics")) return Promise.resolve([]);
  return q.all<StageEconomicsRow>(`
    SELECT ${isoDate("as_of")} AS as_of, stage, members::DOUBLE AS members, buyers::DOUBLE AS buyers, receipts::DOUBLE AS receipts,
      round(revenue, 2)::DOUBLE AS revenue, round(avg_check, 2)::DOUBLE AS avg_check, round(frequency, 4)::DOUBLE AS frequency,
      round(avg_days_since_last, 1)::DOUBLE AS avg_days_since_last, round(bonus_spent, 2)::DOUBLE AS bonus_spent, round(discounts, 2)::DOUBLE AS discounts
    FROM ${q.scan("mart_stage_economics")} ORDER BY as_of, stage`);
}
