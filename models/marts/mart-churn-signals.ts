import type { SqlModel } from "../model.js";
import { churnOutcomesSql } from "./churn-outcomes.js";

/**
 * The signals that preceded churn, against members who stayed: for the members at risk in each month
 * (churn-outcomes.ts), their sales in the `signalWindowDays` up to their last purchase by that
 * month's end ("recent") and in the same number of days before ("before"). A member with a purchase
 * in both windows is compared: frequency falls when the recent window has fewer sales receipts,
 * the basket shrinks when its sales per receipt are lower. Per outcome (churned, stayed): members,
 * those compared, how many showed each signal and their shares, and the compared members' receipts
 * and sales in both windows with the change they add up to (sums, so months can be added together).
 * Sales, not net revenue: a return in a window belongs to a purchase that may lie outside it.
 */
export const martChurnSignals: SqlModel = {
  kind: "sql",
  name: "mart_churn_signals",
  description: "Falling frequency and shrinking basket before the last purchase, for members who churned in a month and those who stayed.",
  layer: "mart",
  grain: ["as_of", "outcome"],
  sql: (ctx) => {
    const days = ctx.params.lifecycle.signalWindowDays;
    return `WITH purchase_days AS (
        SELECT member_id, day, sum(receipts) OVER w AS cum_receipts, coalesce(sum(value) OVER w, 0) AS cum_sales
        FROM ${ctx.ref("fct_purchase_days")} WINDOW w AS (PARTITION BY member_id ORDER BY day)
      ),
      last_purchase AS (
        -- the windows' starts are columns, so DuckDB can plan ASOF joins on them
        SELECT o.as_of, o.is_churned, o.member_id, p.cum_receipts, p.cum_sales, p.day - ${days} AS recent_from, p.day - ${2 * days} AS before_from
        FROM (${churnOutcomesSql(ctx)}) o ASOF JOIN purchase_days p ON o.member_id = p.member_id AND o.as_of >= p.day
      ),
      windows AS (
        SELECT l.as_of, l.is_churned,
          l.cum_receipts - coalesce(r.cum_receipts, 0) AS receipts_recent, l.cum_sales - coalesce(r.cum_sales, 0) AS sales_recent,
          coalesce(r.cum_receipts, 0) - coalesce(b.cum_receipts, 0) AS receipts_before, coalesce(r.cum_sales, 0) - coalesce(b.cum_sales, 0) AS sales_before
        FROM last_purchase l
        ASOF LEFT JOIN purchase_days r ON l.member_id = r.member_id AND l.recent_from >= r.day
        ASOF LEFT JOIN purchase_days b ON l.member_id = b.member_id AND l.before_from >= b.day
      )
      SELECT as_of, CASE WHEN is_churned THEN 'churned' ELSE 'stayed' END AS outcome, count(*) AS members,
        count(*) FILTER (WHERE receipts_before > 0) AS compared,
        count(*) FILTER (WHERE receipts_before > 0 AND receipts_recent < receipts_before) AS falling_frequency,
        count(*) FILTER (WHERE receipts_before > 0 AND sales_recent / receipts_recent < sales_before / receipts_before) AS shrinking_basket,
        falling_frequency / nullif(compared, 0) AS falling_frequency_share, shrinking_basket / nullif(compared, 0) AS shrinking_basket_share,
        coalesce(sum(receipts_recent) FILTER (WHERE receipts_before > 0), 0) AS compared_receipts_recent,
        coalesce(sum(receipts_before) FILTER (WHERE receipts_before > 0), 0) AS compared_receipts_before,
        coalesce(sum(sales_recent) FILTER (WHERE receipts_before > 0), 0) AS compared_sales_recent,
        coalesce(sum(sales_before) FILTER (WHERE receipts_before > 0), 0) AS compared_sales_before,
        compared_receipts_recent / nullif(compared_receipts_before, 0) - 1 AS frequency_change,
        (compared_sales_recent / nullif(compared_receipts_recent, 0)) / nullif(compared_sales_before / nullif(compared_receipts_before, 0), 0) - 1 AS basket_change,
        ${days} AS window_days
      FROM windows GROUP BY ALL`;
  },
  tests: [{ kind: "accepted_values", column: "outcome", values: ["churned", "stayed"] }],
};
