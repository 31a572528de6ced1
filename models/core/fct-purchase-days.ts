import type { SqlModel } from "../model.js";

/**
 * One row per member and day with a purchase (sales; returns are not purchases): the day's spend,
 * the day's number in the member's history, the day before it, and the member's receipts and spend
 * up to and including the day (a window of days is the difference of two rows). Lifecycle stages,
 * the CLV summaries, conversion and the churn signals read purchase days from here instead of each
 * deduplicating and ordering 20 million receipts again (at 1M members). A refresh recomputes the
 * members whose receipts changed.
 * `loyal_run_start` is the first of the member's last `loyalMinPurchases` purchase days up to this
 * one (NULL before they have that many): the lifecycle's loyal rule reads it (cvm-states.ts).
 */
/**
 * Whether a purchase day is the member's first in its period (in a scope): the previous purchase day
 * there fell before the period's start, or there was none (the previous day is never later than the
 * day). Counting these counts each member once per period without a DISTINCT over member × period rows.
 */
export function firstPurchaseDayIn(period: (day: string) => string, day = "day", previous = "prev_day"): string {
  return `(${previous} IS NULL OR ${previous} < ${period(day)})`;
}

export const fctPurchaseDays: SqlModel = {
  kind: "sql",
  name: "fct_purchase_days",
  description: "Members' purchase days: spend, receipts, the day's number in the member's history, the previous purchase day, the member's receipts and spend to date, and where their last loyal run starts.",
  layer: "core",
  grain: ["member_id", "day"],
  // Incremental by member: the members of the receipts fct_receipts rebuilt, as they were (a receipt
  // re-linked from its card to its customer leaves the card's member) and as they are.
  incremental: {
    key: ["member_id"],
    touchedBy: {
      fct_receipts: ({ removed, rebuiltKeys, ref }) => `SELECT member_id FROM ${removed} WHERE member_id IS NOT NULL
        UNION ALL SELECT member_id FROM ${ref("fct_receipts")} SEMI JOIN ${rebuiltKeys} USING (store_id, receipt_id) WHERE member_id IS NOT NULL`,
    },
  },
  sql: ({ changed, ref, params }) => `SELECT member_id, day, value, receipts,
      row_number() OVER w AS nth,
      min(day) OVER (PARTITION BY member_id) AS first_day,
      lag(day) OVER w AS prev_day,
      lag(day, ${params.lifecycle.loyalMinPurchases - 1}) OVER w AS loyal_run_start,
      sum(receipts) OVER (w ROWS UNBOUNDED PRECEDING)::BIGINT AS cum_receipts,
      coalesce(sum(value) OVER (w ROWS UNBOUNDED PRECEDING), 0) AS cum_sales
    FROM (
      SELECT member_id, receipt_date AS day, sum(gross_amount) AS value, count(*)::INTEGER AS receipts
      FROM ${ref("fct_receipts")} ${changed ? `SEMI JOIN ${changed} USING (member_id)` : ""}
      WHERE is_identified AND NOT is_return GROUP BY ALL
    )
    WINDOW w AS (PARTITION BY member_id ORDER BY day)`,
  tests: [{ kind: "not_null", columns: ["nth", "first_day", "cum_receipts", "cum_sales"] }],
};
