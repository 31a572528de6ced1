/**
 * The KPI tiles: the chain's last complete month (all buyers) beside the previous month and the same
 * month last year.
 */
import { isoDate, type SnapshotQuery } from "./query-snapshot.js";

export const TILE_METRICS = [
  "revenue", "receipts", "avg_check", "items_per_receipt", "avg_item_price", "active_members",
  "purchase_frequency", "identified_receipt_share", "identified_revenue_share", "discounts", "bonus_earned", "bonus_spent",
] as const;

export interface KpiTile {
  metric: (typeof TILE_METRICS)[number];
  value: number | null;
  prev: number | null;
  ly: number | null;
}

export interface KpiTiles {
  period_start: string | null;
  period_end: string | null;
  tiles: KpiTile[];
}

export async function kpiTiles(q: SnapshotQuery): Promise<KpiTiles> {
  const columns = TILE_METRICS.flatMap((m) => [`${m}::DOUBLE AS ${m}`, `${m}_prev::DOUBLE AS ${m}_prev`, `${m}_ly::DOUBLE AS ${m}_ly`]).join(", ");
  const rows = await q.all<Record<string, number | string | null>>(`
    SELECT ${isoDate("period_start")} AS period_start, ${isoDate("period_end")} AS period_end, ${columns}
    FROM ${q.scan("mart_kpi")}
    WHERE grain = 'month' AND scope = 'chain' AND audience = 'all' AND is_complete
    ORDER BY period_start DESC LIMIT 1`);
  const row = rows[0];
  if (!row) return { period_start: null, period_end: null, tiles: [] };
  return {
    period_start: row.period_start as string,
    period_end: row.period_end as string,
    tiles: TILE_METRICS.map((metric) => ({
      metric,
      value: row[metric] as number | null,
      prev: row[`${metric}_prev`] as number | null,
      ly: row[`${metric}_ly`] as number | null,
    })),
  };
}
