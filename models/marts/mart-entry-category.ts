import type { SqlModel } from "../model.js";
import { ALL } from "./product-lines.js";

/**
 * The category new buyers enter the chain through (fct_member_entry), by the month of their first purchase.
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
    return `WITH buyers AS (
        SELECT date_trunc('month', first_day)::DATE AS period_start, entry_category, first_day, second_day FROM ${ref("fct_member_entry")}
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
