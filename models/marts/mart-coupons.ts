import type { SqlModel } from "../model.js";

export const martCoupons: SqlModel = {
  kind: "sql",
  name: "mart_coupons",
  description: "Coupons issued and redeemed, redemption rate and value, by campaign and month of issue.",
  layer: "mart",
  grain: ["campaign_id", "period_start"],
  sql: ({ ref }) => `SELECT coalesce(campaign_id, '(none)') AS campaign_id, date_trunc('month', issued_at)::DATE AS period_start,
      count(*) AS issued, count(redeemed_at) AS redeemed, count(redeemed_at) / count(*) AS redemption_rate,
      sum(value)::DOUBLE AS value_issued, sum(value) FILTER (WHERE redeemed_at IS NOT NULL)::DOUBLE AS value_redeemed
    FROM ${ref("fct_coupons")} GROUP BY ALL`,
};
