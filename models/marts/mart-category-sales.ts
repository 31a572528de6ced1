import { firstPurchaseDayIn } from "../core/fct-purchase-days.js";
import type { SqlModel } from "../model.js";
import { ALL, productLinesSql, UNKNOWN } from "./product-lines.js";

/** The stage of receipts without a card: their money is in the chain's rows, so the stages add up to it. */
export const ANONYMOUS = "(anonymous)";

const isAll = (...columns: string[]) => columns.map((c) => `${c} = '${ALL}'`).join(" AND ");

/**
 * Sales of the assortment by month, for the chain and by the member's CVM stage at the month's end
 * (mart_cvm_monthly; RFM segments exist per member only as of the build date, so the stage is the
 * segment that has a history). Cells (`(all)` = summed over): the scope's month (all three `(all)`),
 * each category, each brand within its category, each margin class within its category, and each
 * margin class over the whole scope. Brands sit within their category rather than on their own: the
 * question is which brands carry a category, and a private label spread over many categories still
 * adds up from its rows (its buyers do not).
 *
 * Revenue and units are the lines' amounts and quantities net of returns (a return line subtracts
 * in the month it was rung up). Receipts and buyers — sales receipts with a line in the cell and the
 * members behind them — are counted for the scope's month, categories and brands; margin-class rows
 * carry money only (their mix), which spares two of the five distinct counts over every line.
 * Penetration = buyers / the scope's active members that month (members with a sales receipt:
 * mart_kpi's definition). `revenue_share` is the cell's part of the row it breaks down: a category of
 * the scope's month, a brand or a margin class of its category (the margin-class mix), a margin class
 * over the whole scope of the scope's month.
 *
 * Receipts without a card are the stage `(anonymous)`: no buyers, no penetration, but their money
 * makes the stages add up to the chain, cell by cell. Line amounts can differ from receipt totals
 * (a discount on the whole receipt), so revenue here is the lines', not mart_kpi's.
 */
export const martCategorySales: SqlModel = {
  kind: "sql",
  name: "mart_category_sales",
  description: "Revenue, units, receipts, buyers, penetration and revenue share by month, category, brand and margin class; chain and CVM stage at month end.",
  layer: "mart",
  grain: ["period_start", "scope", "scope_id", "category", "brand", "margin_class"],
  sql: ({ asOf, ref }) => {
    // the stage a member ends the month of a date in (the build date closes the last month)
    const stageAt = (stages: string, member: string, day: string) => `LEFT JOIN ${stages} s ON s.member_id = ${member} AND s.as_of = least(last_day(${day}), DATE '${asOf}')`;
    const scope = `CASE WHEN GROUPING(stage) = 0 THEN 'cvm_stage' ELSE 'chain' END AS scope, CASE WHEN GROUPING(stage) = 0 THEN stage ELSE 'chain' END AS scope_id`;
    const label = (column: string, groupedBy = column) =>
      `CASE WHEN GROUPING(${groupedBy}) = 0 THEN ${groupedBy === column ? column : `any_value(${column})`} ELSE '${ALL}' END AS ${column}`;
    // Lines with their receipt's month and the member's stage, numbered for the distinct counts: the
    // receipt and the member's month are rows of fct_receipts and mart_cvm_monthly, whose row ids
    // number them without a window (which would hold every receipt before the join). The stage is
    // joined to the lines, not to the receipts, so receipts without lines cost nothing.
    const lines = `SELECT l.*, s.rowid AS member_month_no, CASE WHEN l.member_id IS NULL THEN '${ANONYMOUS}' ELSE coalesce(s.stage, '(none)') END AS stage
      FROM (${productLinesSql(`SELECT r.rowid AS receipt_no, r.store_id, r.receipt_id, r.is_return, r.member_id, r.receipt_date,
          date_trunc('month', r.receipt_date)::DATE AS period_start
        FROM ${ref("fct_receipts")} r WHERE r.receipt_date <= DATE '${asOf}'`, { ref })}) l
      ${stageAt(ref("mart_cvm_monthly"), "l.member_id", "l.receipt_date")}`;
    // Two passes over the lines, written out twice rather than kept as a CTE (DuckDB materialises a
    // CTE read twice: every line of it). Money adds up, so it is summed to the finest cells first and
    // rolled up from there; receipts and buyers do not, and are counted distinct on numbers. Per stage
    // only: a member has one stage a month and a receipt one member, so the chain's are the stages' sums.
    return `WITH money AS (
        SELECT period_start, stage, ${label("category")}, ${label("brand")}, ${label("margin_class")}, sum(revenue) AS revenue, sum(units) AS units
        FROM (SELECT period_start, stage, category, brand, margin_class, sum(revenue) AS revenue, sum(units) AS units FROM (${lines}) GROUP BY ALL)
        GROUP BY GROUPING SETS ((period_start, stage), (period_start, stage, category), (period_start, stage, category, brand),
          (period_start, stage, category, margin_class), (period_start, stage, margin_class))
      ),
      counts AS (
        SELECT period_start, stage, ${label("category", "category_no")}, ${label("brand", "brand_no")}, '${ALL}' AS margin_class,
          count(DISTINCT receipt_no) AS receipts, count(DISTINCT member_month_no) AS buyers
        FROM (${lines}) WHERE is_sale
        GROUP BY GROUPING SETS ((period_start, stage), (period_start, stage, category_no), (period_start, stage, category_no, brand_no))
      ),
      active AS (
        SELECT date_trunc('month', d.day)::DATE AS period_start, coalesce(s.stage, '(none)') AS stage
        FROM ${ref("fct_purchase_days")} d ${stageAt(ref("mart_cvm_monthly"), "d.member_id", "d.day")}
        WHERE d.day <= DATE '${asOf}' AND ${firstPurchaseDayIn((day) => `date_trunc('month', ${day})`, "d.day", "d.prev_day")}
      ),
      scoped AS (
        SELECT ${scope}, period_start, category, brand, margin_class, sum(revenue) AS revenue, sum(units) AS units, sum(receipts) AS receipts, sum(buyers) AS buyers
        FROM money LEFT JOIN counts USING (period_start, stage, category, brand, margin_class)
        GROUP BY GROUPING SETS ((period_start, stage, category, brand, margin_class), (period_start, category, brand, margin_class))
      ),
      scoped_active AS (SELECT ${scope}, period_start, count(*) AS active_members FROM active GROUP BY GROUPING SETS ((period_start, stage), (period_start)))
      SELECT period_start, scope, scope_id, category, brand, margin_class, revenue, units, receipts::BIGINT AS receipts, buyers::BIGINT AS buyers,
        active_members::BIGINT AS active_members, buyers / active_members AS penetration,
        revenue / nullif(CASE WHEN ${isAll("brand", "margin_class")}
          THEN sum(revenue) FILTER (WHERE ${isAll("category", "brand", "margin_class")}) OVER (PARTITION BY period_start, scope, scope_id)
          ELSE sum(revenue) FILTER (WHERE ${isAll("brand", "margin_class")}) OVER (PARTITION BY period_start, scope, scope_id, category) END, 0) AS revenue_share
      FROM scoped LEFT JOIN scoped_active USING (scope, scope_id, period_start)`;
  },
  warn: () => `SELECT CASE WHEN sum(revenue) FILTER (WHERE category = '${UNKNOWN}') <> 0
      THEN round(100 * sum(revenue) FILTER (WHERE category = '${UNKNOWN}') / sum(revenue), 1) || ' % of the lines'' revenue is of SKUs without a category in the products feed: it is counted under ${UNKNOWN}' END AS warning
    FROM mart_category_sales WHERE scope = 'chain' AND category <> '${ALL}' AND ${isAll("brand", "margin_class")}`,
  tests: [
    { kind: "accepted_values", column: "scope", values: ["chain", "cvm_stage"] },
    {
      kind: "expression",
      name: "no more buyers than active members",
      failingRows: () => "SELECT period_start, scope, scope_id, category, brand, margin_class FROM mart_category_sales WHERE buyers > coalesce(active_members, 0)",
    },
  ],
};
