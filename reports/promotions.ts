/** Per till promotion: receipts, units, turnover, participants, discount given and bonuses accrued. */
import { isoDate, type SnapshotQuery } from "./query-snapshot.js";

export interface PromotionRow {
  promo_id: string;
  receipts: number;
  units: number;
  turnover: number;
  discount: number;
  participants: number;
  bonus_earned: number;
  first_day: string;
  last_day: string;
}

export function promotions(q: SnapshotQuery): Promise<PromotionRow[]> {
  return q.all<PromotionRow>(`
    SELECT promo_id, receipts::DOUBLE AS receipts, units::DOUBLE AS units, turnover::DOUBLE AS turnover, discount::DOUBLE AS discount,
      participants::DOUBLE AS participants, bonus_earned::DOUBLE AS bonus_earned, ${isoDate("first_day")} AS first_day, ${isoDate("last_day")} AS last_day
    FROM ${q.scan("mart_promotions")} ORDER BY turnover DESC`);
}
