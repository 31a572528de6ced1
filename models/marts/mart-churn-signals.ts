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
    return `WITH purchase_windows AS (
        -- per purchase day, the windows up to it: its figures to date (fct_purchase_days) less those of
        -- the last purchase day before each window start, found by frames over the purchase days (an
        -- ASOF join back to them sorted all 20M rows once per window). The frames count whole days since
        -- 1970 and take one struct each: DuckDB finds a RANGE frame's bounds once per function, and
        -- faster on integers than on dates.
        SELECT member_id, day, cum_receipts - coalesce(r.receipts, 0) AS receipts_recent, cum_sales - coalesce(r.sales, 0) AS sales_recent,
          coalesce(r.receipts, 0) - coalesce(b.receipts, 0) AS receipts_before, coalesce(r.sales, 0) - coalesce(b.sales, 0) AS sales_before
        FROM (
          SELECT member_id, day, cum_receipts, cum_sales, last_value({ receipts: cum_receipts, sales: cum_sales }) OVER r AS r,
            last_value({ receipts: cum_receipts, sales: cum_sales }) OVER b AS b
          FROM ${ctx.ref("fct_purchase_days")}
          WINDOW r AS (PARTITION BY member_id ORDER BY day - DATE '1970-01-01' RANGE BETWEEN UNBOUNDED PRECEDING AND ${days} PRECEDING),
            b AS (PARTITION BY member_id ORDER BY day - DATE '1970-01-01' RANGE BETWEEN UNBOUNDED PRECEDING AND ${2 * days} PRECEDING)
        )
      ),
      windows AS (
        -- each member at risk with the windows up to their last purchase by the month's end
        SELECT o.as_of, o.is_churned, p.receipts_recent, p.sales_recent, p.receipts_before, p.sales_before
        FROM (${churnOutcomesSql(ctx)}) o ASOF JOIN purchase_windows p ON o.member_id = p.member_id AND o.as_of >= p.day
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
