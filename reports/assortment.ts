/**
 * The assortment for its page: category sales and penetration by month, for the chain and by
 * lifecycle stage (category rows only: brands and margin classes stay in mart_category_sales), the
 * margin-class mix of the chain, the categories new buyers enter through, and the cross-sell pairs.
 */
import { isoDate, type SnapshotQuery } from "./query-snapshot.js";
import { ALL } from "../models/marts/product-lines.js";

export interface CategoryRow {
  period_start: string;
  scope: string;
  scope_id: string;
  category: string;
  revenue: number;
  buyers: number;
  penetration: number | null;
  revenue_share: number | null;
}

export function categorySales(q: SnapshotQuery): Promise<CategoryRow[]> {
  if (!q.has("mart_category_sales")) return Promise.resolve([]);
  return q.all<CategoryRow>(`
    SELECT ${isoDate("period_start")} AS period_start, scope, scope_id, category, revenue::DOUBLE AS revenue, buyers::DOUBLE AS buyers,
      penetration::DOUBLE AS penetration, revenue_share::DOUBLE AS revenue_share
    FROM ${q.scan("mart_category_sales")} WHERE brand = '${ALL}' AND margin_class = '${ALL}' AND category <> '${ALL}'
    ORDER BY period_start, scope, scope_id, category`);
}

export interface MarginMixRow {
  period_start: string;
  margin_class: string;
  revenue: number;
}

export function marginMix(q: SnapshotQuery): Promise<MarginMixRow[]> {
  if (!q.has("mart_category_sales")) return Promise.resolve([]);
  return q.all<MarginMixRow>(`
    SELECT ${isoDate("period_start")} AS period_start, margin_class, revenue::DOUBLE AS revenue
    FROM ${q.scan("mart_category_sales")} WHERE scope = 'chain' AND category = '${ALL}' AND brand = '${ALL}' AND margin_class <> '${ALL}'
    ORDER BY period_start, margin_class`);
}

export function entryCategories(q: SnapshotQuery): Promise<Record<string, unknown>[]> {
  if (!q.has("mart_entry_category")) return Promise.resolve([]);
  return q.all(`
    SELECT ${isoDate("period_start")} AS period_start, entry_category, new_buyers::DOUBLE AS new_buyers, new_buyer_share::DOUBLE AS new_buyer_share,
      repeat_window_days::DOUBLE AS repeat_window_days, matured_buyers::DOUBLE AS matured_buyers, repeat_rate::DOUBLE AS repeat_rate
    FROM ${q.scan("mart_entry_category")} ORDER BY period_start, entry_category`);
}

export function categoryAffinity(q: SnapshotQuery): Promise<Record<string, unknown>[]> {
  if (!q.has("mart_category_affinity")) return Promise.resolve([]);
  return q.all(`
    SELECT category_a, category_b, receipts_both::DOUBLE AS receipts_both, support::DOUBLE AS support, confidence::DOUBLE AS confidence,
      lift::DOUBLE AS lift, worth_joint_offer
    FROM ${q.scan("mart_category_affinity")} ORDER BY lift DESC, category_a, category_b`);
}
