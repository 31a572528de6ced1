import type { SqlModel } from "../model.js";

/**
 * Till mechanics (promotions) from the receipt lines that carry a promo id: receipts, units and
 * turnover under the promotion, participants (members), the discount given on those lines, and the
 * bonuses earned on the receipts that included the promotion.
 */
export const martPromotions: SqlModel = {
  kind: "sql",
  name: "mart_promotions",
  description: "Per till promotion: receipts, units, turnover, participants, discount given, bonuses on those receipts.",
  layer: "mart",
  grain: ["promo_id"],
  sql: ({ ref }) => `WITH promo_lines AS (
        SELECT l.promo_id, l.store_id, l.receipt_id, sum(l.quantity)::DOUBLE AS units, sum(l.amount)::DOUBLE AS turnover,
          sum(coalesce(l.discount, 0))::DOUBLE AS discount
        FROM ${ref("fct_receipt_lines")} l WHERE l.promo_id IS NOT NULL AND NOT coalesce(l.is_return, false) GROUP BY ALL
      )
      SELECT p.promo_id, count(*) AS receipts, sum(p.units) AS units, sum(p.turnover) AS turnover, sum(p.discount) AS discount,
        count(DISTINCT r.member_id) AS participants, sum(r.bonus_earned) AS bonus_earned,
        min(r.receipt_date) AS first_day, max(r.receipt_date) AS last_day
      FROM promo_lines p JOIN ${ref("fct_receipts")} r USING (store_id, receipt_id)
      GROUP BY p.promo_id`,
};
