import type { SqlModel } from "../model.js";
import { scoreRfmSql } from "./rfm-scoring.js";

/** Members with no purchase by the end of the base month: they can only add revenue. */
export const NO_PURCHASE_YET = "(no purchase yet)";
export const NO_PURCHASE_YET_RU = "Ещё не покупали";

/**
 * Members' revenue levers by RFM segment, for the decomposition of the revenue change: each member
 * counts in the segment they were in at the *end of the base month*, scored as mart_rfm would have
 * scored them on that day. Grouping by today's segment would be circular (a segment defined by not
 * buying lately "lost" all its revenue by construction); grouping by the segment at the start of
 * the change says how the members who were, say, at risk then behaved since.
 *
 * One row per segment, base month and month measured: the base month itself, the month after it and
 * the same month a year later (the two comparisons of mart_revenue_decomposition). Customers, visits
 * and revenue are defined as in mart_revenue_factors (members' sales receipts and their gross).
 */
export const martSegmentRevenueFactors: SqlModel = {
  kind: "sql",
  name: "mart_segment_revenue_factors",
  description: "Members' revenue, customers and visits by month, grouped by each member's RFM segment at the end of a base month.",
  layer: "mart",
  grain: ["segment", "base_period_start", "period_start"],
  sql: (ctx) => `WITH member_months AS (
        SELECT member_id, date_trunc('month', receipt_date)::DATE AS month,
          count(*) FILTER (WHERE NOT is_return) AS sales, sum(net_amount) AS net,
          max(receipt_date) FILTER (WHERE NOT is_return) AS last_purchase,
          coalesce(sum(gross_amount) FILTER (WHERE NOT is_return), 0) AS revenue
        FROM ${ctx.ref("fct_receipts")} WHERE is_identified GROUP BY ALL
      ),
      months AS (
        SELECT unnest(generate_series(min(month), max(month), INTERVAL 1 MONTH))::DATE AS month FROM member_months
      ),
      -- Every member at the end of every month since their first: purchases and spend so far.
      history AS (
        SELECT f.member_id, m.month,
          sum(coalesce(mm.sales, 0)) OVER w AS frequency, sum(coalesce(mm.net, 0)) OVER w AS monetary,
          max(mm.last_purchase) OVER w AS last_purchase
        FROM (SELECT member_id, min(month) AS first_month FROM member_months GROUP BY ALL) f
        JOIN months m ON m.month >= f.first_month
        LEFT JOIN member_months mm ON mm.member_id = f.member_id AND mm.month = m.month
        WINDOW w AS (PARTITION BY f.member_id ORDER BY m.month ROWS UNBOUNDED PRECEDING)
      ),
      rfm AS (
        SELECT member_id, month, date_diff('day', last_purchase, last_day(month)) AS recency_days, frequency, monetary
        FROM history WHERE frequency > 0
      ),
      segment_at_end AS (SELECT member_id, month AS base, segment FROM (${scoreRfmSql("rfm", ctx.params.rfm, "month")})),
      pairs AS (
        SELECT b.month AS base, p.month AS period FROM months b JOIN months p
          ON p.month IN (b.month, (b.month + INTERVAL 1 MONTH)::DATE, (b.month + INTERVAL 12 MONTH)::DATE)
      )
      SELECT coalesce(s.segment, '${NO_PURCHASE_YET}') AS segment, p.base AS base_period_start, p.period AS period_start,
        count(*) FILTER (WHERE mm.sales > 0) AS customers, sum(mm.sales)::BIGINT AS visits, sum(mm.revenue) AS revenue
      FROM pairs p JOIN member_months mm ON mm.month = p.period
      LEFT JOIN segment_at_end s ON s.member_id = mm.member_id AND s.base = p.base
      GROUP BY ALL`,
};
