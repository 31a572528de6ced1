/**
 * The LMDI split of members' revenue change (customers × check × visits) by month, for the chain,
 * each store and each RFM segment, month on month and year on year.
 */
import { isoDate, scopeName, type SnapshotQuery } from "./query-snapshot.js";

export interface DecompositionRow {
  scope: string;
  scope_id: string;
  scope_name: string;
  comparison: string;
  period_start: string;
  base_period_start: string;
  revenue_base: number;
  revenue: number;
  change: number;
  change_pct: number | null;
  customers_effect: number;
  check_effect: number;
  visits_effect: number;
  share_of_chain_change: number | null;
}

export function revenueDecomposition(q: SnapshotQuery): Promise<DecompositionRow[]> {
  const names = scopeName(q, "d");
  return q.all<DecompositionRow>(`
    SELECT d.scope, d.scope_id, ${names.column}, d.comparison,
      ${isoDate("d.period_start")} AS period_start, ${isoDate("d.base_period_start")} AS base_period_start,
      round(d.revenue_base, 2)::DOUBLE AS revenue_base, round(d.revenue, 2)::DOUBLE AS revenue, round(d.change, 2)::DOUBLE AS change,
      round(d.change_pct, 6)::DOUBLE AS change_pct, round(d.customers_effect, 2)::DOUBLE AS customers_effect, round(d.check_effect, 2)::DOUBLE AS check_effect,
      round(d.visits_effect, 2)::DOUBLE AS visits_effect, round(d.share_of_chain_change, 6)::DOUBLE AS share_of_chain_change
    FROM ${q.scan("mart_revenue_decomposition")} d ${names.join}
    ORDER BY d.scope, d.comparison, d.period_start, d.scope_id`);
}
