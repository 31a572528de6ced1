/** Monthly KPIs of the chain, every city and every store (all buyers), for the overview's trends. */
import { isoDate, scopeName, type SnapshotQuery } from "./query-snapshot.js";

export interface KpiTrendRow {
  scope: string;
  scope_id: string;
  scope_name: string;
  period_start: string;
  is_complete: boolean;
  revenue: number;
  receipts: number;
  avg_check: number;
  active_members: number;
  identified_receipt_share: number;
  identified_revenue_share: number;
}

export function kpiTrends(q: SnapshotQuery): Promise<KpiTrendRow[]> {
  const names = scopeName(q, "k");
  return q.all<KpiTrendRow>(`
    SELECT k.scope, k.scope_id, ${names.column}, ${isoDate("k.period_start")} AS period_start,
      k.is_complete, round(k.revenue, 2)::DOUBLE AS revenue, k.receipts::DOUBLE AS receipts, round(k.avg_check, 2)::DOUBLE AS avg_check,
      k.active_members::DOUBLE AS active_members, round(k.identified_receipt_share, 5)::DOUBLE AS identified_receipt_share,
      round(k.identified_revenue_share, 5)::DOUBLE AS identified_revenue_share
    FROM ${q.scan("mart_kpi")} k ${names.join}
    WHERE k.grain = 'month' AND k.audience = 'all'
    ORDER BY k.scope, k.scope_id, k.period_start`);
}
