/** Demand by weekday × hour (mart_store_hours) for the chain and each store, for the Stores page's heat map. */
import { isoDate, scopeName, type SnapshotQuery } from "./query-snapshot.js";

export interface StoreHoursRow {
  scope: string;
  scope_id: string;
  scope_name: string;
  /** ISO: 1 is Monday, 7 Sunday. */
  weekday: number;
  hour: number;
  receipts_per_week: number;
  revenue_per_week: number | null;
  weeks: number;
  window_start: string;
  window_end: string;
}

export function storeHours(q: SnapshotQuery): Promise<StoreHoursRow[]> {
  if (!q.has("mart_store_hours")) return Promise.resolve([]);
  const names = scopeName(q, "h");
  return q.all<StoreHoursRow>(`
    SELECT h.scope, h.scope_id, ${names.column}, h.weekday::DOUBLE AS weekday, h.hour::DOUBLE AS hour,
      round(h.receipts_per_week, 4)::DOUBLE AS receipts_per_week, round(h.revenue_per_week, 2)::DOUBLE AS revenue_per_week, h.weeks::DOUBLE AS weeks,
      ${isoDate("h.window_start")} AS window_start, ${isoDate("h.window_end")} AS window_end
    FROM ${q.scan("mart_store_hours")} h ${names.join} ORDER BY h.scope, h.scope_id, h.weekday, h.hour`);
}
