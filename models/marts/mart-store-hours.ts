import type { SqlModel } from "../model.js";

/**
 * Demand by weekday × hour, for the chain and each store: sales receipts and revenue (net of returns,
 * a return in the hour it was rung up, as everywhere) over the last `models.stores.hoursWeeks` whole
 * weeks to the build date, and their average per week — for staffing tills and scheduling shifts.
 * The window is 7 × N days ending on the build date, so every weekday occurs N times in it; a store
 * that opened inside the window shows less than its weekly rhythm. Hours without receipts have no row.
 */
export const martStoreHours: SqlModel = {
  kind: "sql",
  name: "mart_store_hours",
  description: "Sales receipts and revenue by weekday and hour over the last weeks, per week on average; chain and stores.",
  layer: "mart",
  grain: ["scope", "scope_id", "weekday", "hour"],
  sql: ({ asOf, params, ref }) => {
    const weeks = params.stores.hoursWeeks;
    const from = `DATE '${asOf}' - ${7 * weeks - 1}`;
    // weekday: ISO, 1 is Monday and 7 Sunday
    return `SELECT CASE WHEN GROUPING(store_id) = 0 THEN 'store' ELSE 'chain' END AS scope, coalesce(store_id, 'chain') AS scope_id,
        weekday, hour, count(*) FILTER (WHERE NOT is_return) AS receipts, sum(net_amount) AS revenue,
        receipts / ${weeks} AS receipts_per_week, revenue / ${weeks} AS revenue_per_week,
        ${from} AS window_start, DATE '${asOf}' AS window_end, ${weeks} AS weeks
      FROM (
        SELECT store_id, isodow(receipt_at) AS weekday, hour(receipt_at) AS hour, is_return, net_amount
        FROM ${ref("fct_receipts")} WHERE receipt_date BETWEEN ${from} AND DATE '${asOf}'
      )
      GROUP BY GROUPING SETS ((store_id, weekday, hour), (weekday, hour))`;
  },
  tests: [{ kind: "accepted_values", column: "scope", values: ["chain", "store"] }],
};
