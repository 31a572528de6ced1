import type { SqlModel } from "../model.js";

/**
 * Coupons by campaign and month. Two views of a month, both needed: the coupons issued in it and how
 * many of those were redeemed by the build date (`redeemed`, `redemption_rate`, and how many days
 * after issue: `avg_redemption_days`, `median_redemption_days`), and the redemptions that happened in
 * it, whenever their coupon was issued (`redeemed_in_month`). Nothing after the build date counts: a
 * coupon redeemed later is not redeemed yet.
 */
export const martCoupons: SqlModel = {
  kind: "sql",
  name: "mart_coupons",
  description: "Coupons by campaign and month: issued and how many of those were redeemed (rate, value, days to redemption), and redemptions made in the month.",
  layer: "mart",
  grain: ["campaign_id", "period_start"],
  sql: ({ asOf, ref }) => `WITH coupons AS (
        SELECT coalesce(campaign_id, '(none)') AS campaign_id, issued_at, value,
          CASE WHEN redeemed_at < DATE '${asOf}' + INTERVAL 1 DAY THEN redeemed_at END AS redeemed_at
        FROM ${ref("fct_coupons")} WHERE issued_at < DATE '${asOf}' + INTERVAL 1 DAY
      ),
      issued AS (
        SELECT campaign_id, date_trunc('month', issued_at)::DATE AS period_start, count(*) AS issued, count(redeemed_at) AS redeemed,
          sum(value)::DOUBLE AS value_issued, sum(value) FILTER (WHERE redeemed_at IS NOT NULL)::DOUBLE AS value_redeemed,
          avg(date_diff('day', issued_at::DATE, redeemed_at::DATE))::DOUBLE AS avg_redemption_days,
          median(date_diff('day', issued_at::DATE, redeemed_at::DATE))::DOUBLE AS median_redemption_days
        FROM coupons GROUP BY ALL
      ),
      redemptions AS (
        SELECT campaign_id, date_trunc('month', redeemed_at)::DATE AS period_start, count(*) AS redeemed_in_month,
          sum(value)::DOUBLE AS value_redeemed_in_month
        FROM coupons WHERE redeemed_at IS NOT NULL GROUP BY ALL
      )
      SELECT campaign_id, period_start, coalesce(i.issued, 0) AS issued, coalesce(i.redeemed, 0) AS redeemed,
        i.redeemed / i.issued AS redemption_rate, coalesce(i.value_issued, 0) AS value_issued, i.value_redeemed,
        i.avg_redemption_days, i.median_redemption_days,
        coalesce(r.redeemed_in_month, 0) AS redeemed_in_month, coalesce(r.value_redeemed_in_month, 0) AS value_redeemed_in_month
      FROM issued i FULL JOIN redemptions r USING (campaign_id, period_start)`,
};
