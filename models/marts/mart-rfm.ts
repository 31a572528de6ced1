import type { SqlModel } from "../model.js";
import { scoreRfmSql } from "./rfm-scoring.js";

/**
 * RFM per member as of the build date: recency (days since the last purchase), frequency (sales
 * receipts), monetary (revenue net of returns), scores 1–5 and the named segment (rfm-scoring.ts).
 */
export const martRfm: SqlModel = {
  kind: "sql",
  name: "mart_rfm",
  description: "Recency, frequency, monetary, RFM scores and segment per member as of the build date.",
  layer: "mart",
  grain: ["member_id"],
  sql: (ctx) => `WITH rfm AS (
        SELECT member_id, max(receipt_date) FILTER (WHERE NOT is_return) AS last_purchase,
          date_diff('day', max(receipt_date) FILTER (WHERE NOT is_return), DATE '${ctx.asOf}') AS recency_days,
          count(*) FILTER (WHERE NOT is_return) AS frequency, sum(net_amount) AS monetary
        FROM ${ctx.ref("fct_receipts")} WHERE is_identified AND receipt_date <= DATE '${ctx.asOf}'
        GROUP BY member_id HAVING count(*) FILTER (WHERE NOT is_return) > 0
      )
      SELECT *, monetary / frequency AS avg_check FROM (${scoreRfmSql("rfm", ctx.params.rfm)})`,
  tests: [
    {
      kind: "expression",
      name: "scores between 1 and 5",
      failingRows: () => "SELECT member_id FROM mart_rfm WHERE NOT (recency_score BETWEEN 1 AND 5 AND frequency_score BETWEEN 1 AND 5 AND monetary_score BETWEEN 1 AND 5)",
    },
  ],
};

export const martRfmSegments: SqlModel = {
  kind: "sql",
  name: "mart_rfm_segments",
  description: "RFM segments: members, share of members, revenue and its share, receipts, average check.",
  layer: "mart",
  grain: ["segment"],
  sql: ({ ref }) => `SELECT segment, count(*) AS members, count(*) / sum(count(*)) OVER () AS member_share,
      sum(monetary) AS revenue, sum(monetary) / sum(sum(monetary)) OVER () AS revenue_share,
      sum(frequency) AS receipts, sum(monetary) / sum(frequency) AS avg_check,
      avg(recency_days) AS avg_recency_days
    FROM ${ref("mart_rfm")} GROUP BY segment`,
};
