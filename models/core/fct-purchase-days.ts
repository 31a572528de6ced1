import type { SqlModel } from "../model.js";

/**
 * One row per member and day with a purchase (sales; returns are not purchases): the day's spend,
 * the day's number in the member's history and the day before it. Lifecycle stages, the CLV
 * summaries and conversion read purchase days from here instead of each deduplicating and ordering
 * 20 million receipts again (at 1M members).
 */
export const fctPurchaseDays: SqlModel = {
  kind: "sql",
  name: "fct_purchase_days",
  description: "Members' purchase days: spend, receipts, the day's number in the member's history and the previous purchase day.",
  layer: "core",
  grain: ["member_id", "day"],
  dependsOn: ["fct_receipts"],
  sql: () => `SELECT member_id, day, value, receipts,
      row_number() OVER w AS nth,
      min(day) OVER (PARTITION BY member_id) AS first_day,
      lag(day) OVER w AS prev_day
    FROM (
      SELECT member_id, receipt_date AS day, sum(gross_amount) AS value, count(*)::INTEGER AS receipts
      FROM fct_receipts WHERE is_identified AND NOT is_return GROUP BY ALL
    )
    WINDOW w AS (PARTITION BY member_id ORDER BY day)`,
  tests: [{ kind: "not_null", columns: ["nth", "first_day"] }],
};
