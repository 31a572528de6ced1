/** Coupons issued and redeemed per campaign and month. */
import { isoDate, type SnapshotQuery } from "./query-snapshot.js";

export interface CouponRow {
  campaign_id: string;
  period_start: string;
  issued: number;
  redeemed: number;
  redemption_rate: number | null;
  value_issued: number;
  value_redeemed: number | null;
  median_redemption_days: number | null;
  redeemed_in_month: number;
}

export function coupons(q: SnapshotQuery): Promise<CouponRow[]> {
  return q.all<CouponRow>(`
    SELECT coalesce(campaign_id, '—') AS campaign_id, ${isoDate("period_start")} AS period_start, issued::DOUBLE AS issued, redeemed::DOUBLE AS redeemed,
      redemption_rate::DOUBLE AS redemption_rate, value_issued::DOUBLE AS value_issued, value_redeemed::DOUBLE AS value_redeemed,
      median_redemption_days, redeemed_in_month::DOUBLE AS redeemed_in_month
    FROM ${q.scan("mart_coupons")} ORDER BY period_start, campaign_id`);
}
