/** Daily revenue and receipts of the chain, every city and every store (all buyers), for the overview's zoomable daily chart. */
import { isoDate, type SnapshotQuery } from "./query-snapshot.js";

export interface KpiDailyRow {
  scope: string;
  scope_id: string;
  day: string;
  revenue: number;
  receipts: number;
}

export function kpiDaily(q: SnapshotQuery): Promise<KpiDailyRow[]> {
  return q.all<KpiDailyRow>(`
    SELECT scope, scope_id, ${isoDate("period_start")} AS day, round(revenue, 2)::DOUBLE AS revenue, receipts::DOUBLE AS receipts
    FROM ${q.scan("mart_kpi")}
    WHERE grain = 'day' AND audience = 'all'
    ORDER BY scope, scope_id, period_start`);
}
