/** Bonus points by month: accrued, redeemed, expired, adjusted, and the liability at month end. */
import { isoDate, type SnapshotQuery } from "./query-snapshot.js";

export interface BonusMonthRow {
  period_start: string;
  accrued: number;
  redeemed: number;
  expired: number;
  adjusted: number;
  redeeming_cards: number;
  liability: number;
}

export function bonusMonthly(q: SnapshotQuery): Promise<BonusMonthRow[]> {
  return q.all<BonusMonthRow>(`
    SELECT ${isoDate("period_start")} AS period_start, accrued::DOUBLE AS accrued, redeemed::DOUBLE AS redeemed, expired::DOUBLE AS expired,
      adjusted::DOUBLE AS adjusted, redeeming_cards::DOUBLE AS redeeming_cards, liability::DOUBLE AS liability
    FROM ${q.scan("mart_bonus_monthly")} ORDER BY period_start`);
}
