import type { SqlModel } from "../model.js";
import { ALL, productLinesSql, UNKNOWN } from "./product-lines.js";

/**
 * The category new buyers enter the chain through, by the month of their first purchase: the
 * category with the most revenue on a member's first sales receipt (the earliest by time; on one
 * time, the lower store and receipt id), a tie going to the category first in alphabetical order,
 * so the answer never depends on the order rows come in. A first receipt without lines, or of SKUs
 * the products feed does not name, enters through `(unknown)`.
 *
 * Per month and entry category (`(all)`: the month's new buyers together): new buyers, their share
 * of the month's, and how many came back — a second purchase day within N days of the first
 * (config `models.assortment.entryRepeatDays`, 90 by default). The repeat rate counts only buyers
 * whose first purchase is at least N days before the build date, whose window has closed. The first
 * month of data counts everyone's first purchase in the data, whenever they really started.
 */
export const martEntryCategory: SqlModel = {
  kind: "sql",
  name: "mart_entry_category",
  description: "New buyers by month of first purchase and the category they entered through: count, share and repeat rate within N days.",
  layer: "mart",
  grain: ["period_start", "entry_category"],
  sql: ({ asOf, params, ref }) => {
    const n = params.assortment.entryRepeatDays;
    const matured = `first_day <= DATE '${asOf}' - INTERVAL ${n} DAY`;
    return `WITH firsts AS (
        SELECT member_id, min(day) FILTER (WHERE nth = 1) AS first_day, min(day) FILTER (WHERE nth = 2) AS second_day
        FROM ${ref("fct_purchase_days")} WHERE nth <= 2 AND day <= DATE '${asOf}' GROUP BY member_id
      ),
      first_receipts AS (
        SELECT member_id, first.store_id, first.receipt_id, false AS is_return FROM (
          SELECT member_id, arg_min({'store_id': store_id, 'receipt_id': receipt_id}, (receipt_at, store_id, receipt_id)) AS first
          FROM ${ref("fct_receipts")} WHERE is_identified AND NOT is_return AND receipt_date <= DATE '${asOf}' GROUP BY member_id
        )
      ),
      entries AS (
        SELECT member_id, first(category ORDER BY revenue DESC, category) AS entry_category FROM (
          SELECT member_id, category, sum(revenue) AS revenue FROM (${productLinesSql("SELECT * FROM first_receipts", { ref })}) GROUP BY ALL
        ) GROUP BY member_id
      ),
      buyers AS (
        SELECT date_trunc('month', f.first_day)::DATE AS period_start, coalesce(e.entry_category, '${UNKNOWN}') AS entry_category, f.first_day, f.second_day
        FROM firsts f LEFT JOIN entries e USING (member_id)
      ),
      cells AS (
        SELECT period_start, CASE WHEN GROUPING(entry_category) = 0 THEN entry_category ELSE '${ALL}' END AS entry_category,
          count(*) AS new_buyers,
          count(*) FILTER (WHERE ${matured}) AS matured_buyers,
          count(*) FILTER (WHERE ${matured} AND second_day <= first_day + INTERVAL ${n} DAY) AS repeat_buyers
        FROM buyers GROUP BY GROUPING SETS ((period_start, entry_category), (period_start))
      )
      SELECT period_start, entry_category, new_buyers,
        new_buyers / sum(new_buyers) FILTER (WHERE entry_category = '${ALL}') OVER (PARTITION BY period_start) AS new_buyer_share,
        ${n} AS repeat_window_days, matured_buyers, repeat_buyers, repeat_buyers / nullif(matured_buyers, 0) AS repeat_rate
      FROM cells`;
  },
  tests: [
    {
      kind: "expression",
      name: "the entry categories add up to the month's new buyers",
      failingRows: () => `SELECT period_start FROM mart_entry_category GROUP BY period_start
        HAVING sum(new_buyers) FILTER (WHERE entry_category <> '${ALL}') <> sum(new_buyers) FILTER (WHERE entry_category = '${ALL}')`,
    },
  ],
};
