/**
 * The KPI tiles: the last complete month (all buyers) beside the previous month and the same month
 * last year, for the chain, every city and every store, so the tiles follow the slice a page shows.
 */
import type { MetricId } from "../models/metrics/metric-catalogue.js";
import { isoDate, type SnapshotQuery } from "./query-snapshot.js";

export const TILE_METRICS = [
  "revenue", "receipts", "avg_check", "items_per_receipt", "avg_item_price", "active_members",
  "purchase_frequency", "identified_receipt_share", "identified_revenue_share", "discounts", "bonus_earned", "bonus_spent",
] as const satisfies readonly MetricId[];

export interface KpiTile {
  metric: (typeof TILE_METRICS)[number];
  value: number | null;
  prev: number | null;
  ly: number | null;
}

export interface KpiTiles {
  period_start: string | null;
  period_end: string | null;
  /** Tiles by slice, keyed `scope:scope_id` (`chain:chain`, `city:Москва`, `store:S001`). */
  tiles: Record<string, KpiTile[]>;
}

export async function kpiTiles(q: SnapshotQuery): Promise<KpiTiles> {
  const columns = TILE_METRICS.flatMap((m) => [`${m}::DOUBLE AS ${m}`, `${m}_prev::DOUBLE AS ${m}_prev`, `${m}_ly::DOUBLE AS ${m}_ly`]).join(", ");
  const kpi = q.scan("mart_kpi");
  const rows = await q.all<Record<string, number | string | null>>(`
    SELECT ${isoDate("period_start")} AS period_start, ${isoDate("period_end")} AS period_end, scope || ':' || scope_id AS slice, ${columns}
    FROM ${kpi}
    WHERE grain = 'month' AND audience = 'all' AND period_start = (
      SELECT max(period_start) FROM ${kpi} WHERE grain = 'month' AND scope = 'chain' AND audience = 'all' AND is_complete)
    ORDER BY scope, scope_id`);
  if (!rows.length) return { period_start: null, period_end: null, tiles: {} };
  const tilesOf = (row: Record<string, number | string | null>): KpiTile[] =>
    TILE_METRICS.map((metric) => ({
      metric,
      value: row[metric] as number | null,
      prev: row[`${metric}_prev`] as number | null,
      ly: row[`${metric}_ly`] as number | null,
    }));
  return {
    period_start: rows[0].period_start as string,
    period_end: rows[0].period_end as string,
    tiles: Object.fromEntries(rows.map((row) => [row.slice as string, tilesOf(row)])),
  };
}
