/** The programme's payback by month: cost against measured (and, if configured, estimated) incremental margin, and the revenue beside it. */
import { isoDate, type SnapshotQuery } from "./query-snapshot.js";

export interface ProgrammePaybackRow {
  period_start: string;
  /** What a point costs, as the build valued it; null: the points were not valued, and the money built on them is null. */
  point_value: number | null;
  points_redeemed: number;
  redeemed_value: number | null;
  liability_points: number;
  liability_change_points: number;
  liability_change_value: number | null;
  member_discounts: number;
  message_cost: number;
  coupons_redeemed: number;
  cost: number | null;
  measured_campaigns: number;
  measured_provisional: boolean;
  incremental_margin_measured: number | null;
  incremental_margin_estimated: number | null;
  net_measured: number | null;
  net_with_estimate: number | null;
  members_sales_revenue: number | null;
  bonus_paid_revenue: number | null;
  reached_revenue: number | null;
}

export function programmePayback(q: SnapshotQuery): Promise<ProgrammePaybackRow[]> {
  return q.all<ProgrammePaybackRow>(`
    SELECT ${isoDate("period_start")} AS period_start, point_value, points_redeemed, redeemed_value, liability_points, liability_change_points,
      liability_change_value, member_discounts, message_cost, coupons_redeemed::DOUBLE AS coupons_redeemed, cost,
      measured_campaigns::DOUBLE AS measured_campaigns, measured_provisional, incremental_margin_measured, incremental_margin_estimated,
      net_measured, net_with_estimate, members_sales_revenue, bonus_paid_revenue, reached_revenue
    FROM ${q.scan("mart_programme_payback")} ORDER BY period_start`);
}
