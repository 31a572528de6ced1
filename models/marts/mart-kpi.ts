import { firstPurchaseDayIn } from "../core/fct-purchase-days.js";
import { KPI_COLUMNS, METRICS } from "../metrics/metric-catalogue.js";
import type { SqlModel } from "../model.js";
import type { TableRefs } from "../table-refs.js";

/**
 * The top-level KPIs by day, week and month; for the chain, each store and each city; for all
 * receipts, members and anonymous buyers; each with the previous period and the same period a year
 * before (364 days / 52 weeks back for days and weeks, so weekdays line up; 12 months for months).
 *
 * Definitions (models/metrics/metric-catalogue.ts): revenue is net of returns (`revenue_gross` is
 * sales only); receipts and the averages count sales, not returns; average check = revenue / receipts;
 * purchase frequency = member receipts / active members.
 */
/** The KPI columns: declared, with their definitions and aggregates, in the metric catalogue. */
export const KPI_METRICS = KPI_COLUMNS;

/**
 * Sums per day × store × audience: every grain, scope and audience adds these up, so receipts are
 * read once, not once per grain. The averages are ratios of the added-up sums.
 */
const daySums = ({ ref }: Pick<TableRefs, "ref">) => `SELECT receipt_date, store_id, is_identified,
    sum(net_amount) AS revenue,
    sum(gross_amount) AS revenue_gross,
    sum(net_amount) FILTER (WHERE is_return) AS returns_net,
    count(*) FILTER (WHERE NOT is_return) AS receipts,
    sum(items) FILTER (WHERE NOT is_return) AS items,
    sum(discount) AS discounts,
    sum(bonus_earned) AS bonus_earned,
    sum(bonus_spent) AS bonus_spent
  FROM ${ref("fct_receipts")} GROUP BY ALL`;

// each metric's aggregate is declared in the catalogue; member_receipts feeds purchase_frequency
const aggregates = [
  ...METRICS.flatMap((m) => ("aggregate" in m ? [`${m.aggregate} AS ${m.source.column}`] : [])),
  "sum(receipts) FILTER (WHERE is_identified) AS member_receipts",
].join(",\n    ");

export const martKpi: SqlModel = {
  kind: "sql",
  name: "mart_kpi",
  description: "KPIs by period (day/week/month), scope (chain/store/city) and audience (all/members/anonymous), with comparison periods.",
  layer: "mart",
  grain: ["grain", "period_start", "scope", "scope_id", "audience"],
  sql: ({ asOf, params, ref }) => {
    const weekOf = (d: string) => (params.weekStart === "monday" ? `date_trunc('week', ${d})` : `(date_trunc('week', ${d} + 1)::DATE - 1)`);
    const comparisons = KPI_METRICS.flatMap((m) => [`prev.${m} AS ${m}_prev`, `ly.${m} AS ${m}_ly`]).join(",\n      ");
    const periods = (from: string) => `SELECT 'day' AS grain, receipt_date AS period_start, * FROM ${from}
        UNION ALL SELECT 'week', ${weekOf("receipt_date")}::DATE, * FROM ${from}
        UNION ALL SELECT 'month', date_trunc('month', receipt_date)::DATE, * FROM ${from}`;
    // A member counts once per period and scope: on the first of their purchase days in the period there.
    const firstIn = (period: (d: string) => string) => `count(*) FILTER (WHERE ${firstPurchaseDayIn(period, "day", "prev")})`;
    // A member's visits in a scope in order, each with the one before: a second visit the same day has
    // prev = day, so it is not the first of anything (one sort, no DISTINCT over 20M visits first).
    const scopeDays = (key: string) => `SELECT receipt_date AS day, ${key} AS scope_id, lag(receipt_date) OVER (PARTITION BY ${key}, member_id ORDER BY receipt_date) AS prev
        FROM visits`;
    return `WITH day_sums AS MATERIALIZED (
        SELECT d.*, coalesce(s.city, '(unknown)') AS city FROM (${daySums({ ref })}) d LEFT JOIN ${ref("dim_stores")} s USING (store_id)
      ),
      visits AS MATERIALIZED (
        SELECT f.receipt_date, f.store_id, coalesce(s.city, '(unknown)') AS city, f.member_id
        FROM ${ref("fct_receipts")} f LEFT JOIN ${ref("dim_stores")} s USING (store_id) WHERE f.is_identified AND NOT f.is_return
      ),
      -- members' visits per scope with the scope's previous one (the chain's purchase days come ready)
      scope_days AS (
        SELECT 'store' AS scope, * FROM (${scopeDays("store_id")})
        UNION ALL SELECT 'city', * FROM (${scopeDays("city")})
        UNION ALL SELECT 'chain', day, 'chain', prev_day FROM ${ref("fct_purchase_days")}
      ),
      day_members AS MATERIALIZED (
        SELECT scope, scope_id, day, ${firstIn((d) => d)} AS on_day, ${firstIn(weekOf)} AS first_in_week,
          ${firstIn((d) => `date_trunc('month', ${d})`)} AS first_in_month
        FROM scope_days GROUP BY ALL
      ),
      periods AS NOT MATERIALIZED (${periods("day_sums")}),
      sums AS MATERIALIZED (
        SELECT grain, period_start,
          CASE WHEN GROUPING(store_id) = 0 THEN 'store' WHEN GROUPING(city) = 0 THEN 'city' ELSE 'chain' END AS scope,
          coalesce(store_id, city, 'chain') AS scope_id,
          CASE WHEN GROUPING(is_identified) = 1 THEN 'all' WHEN is_identified THEN 'members' ELSE 'anonymous' END AS audience,
          ${aggregates}
        FROM periods
        GROUP BY GROUPING SETS (
          (grain, period_start), (grain, period_start, store_id), (grain, period_start, city),
          (grain, period_start, is_identified), (grain, period_start, store_id, is_identified), (grain, period_start, city, is_identified))
      ),
      members AS MATERIALIZED (
        SELECT grain, period_start, scope, scope_id, sum(n)::BIGINT AS active_members FROM (
          SELECT 'day' AS grain, day AS period_start, scope, scope_id, on_day AS n FROM day_members
          UNION ALL SELECT 'week', ${weekOf("day")}::DATE, scope, scope_id, first_in_week FROM day_members
          UNION ALL SELECT 'month', date_trunc('month', day)::DATE, scope, scope_id, first_in_month FROM day_members
        ) GROUP BY ALL
      ),
      kpi AS MATERIALIZED (
        SELECT s.* EXCLUDE (member_receipts),
          CASE WHEN s.audience = 'anonymous' THEN 0 ELSE coalesce(m.active_members, 0) END AS active_members,
          s.member_receipts / nullif(CASE WHEN s.audience = 'anonymous' THEN 0 ELSE m.active_members END, 0) AS purchase_frequency
        FROM sums s LEFT JOIN members m USING (grain, period_start, scope, scope_id)
      ),
      keyed AS (
        SELECT *,
          CASE grain WHEN 'day' THEN period_start + INTERVAL 1 DAY WHEN 'week' THEN period_start + INTERVAL 7 DAY ELSE period_start + INTERVAL 1 MONTH END AS next_start,
          CASE grain WHEN 'day' THEN period_start - INTERVAL 1 DAY WHEN 'week' THEN period_start - INTERVAL 7 DAY ELSE period_start - INTERVAL 1 MONTH END AS prev_start,
          CASE grain WHEN 'day' THEN period_start - INTERVAL 364 DAY WHEN 'week' THEN period_start - INTERVAL 364 DAY ELSE period_start - INTERVAL 1 YEAR END AS ly_start
        FROM kpi
      )
      SELECT k.grain, k.period_start, (k.next_start - INTERVAL 1 DAY)::DATE AS period_end,
        k.next_start <= DATE '${asOf}' + INTERVAL 1 DAY AS is_complete, k.scope, k.scope_id, k.audience,
        ${KPI_METRICS.map((m) => `k.${m}`).join(", ")},
        ${comparisons}
      FROM keyed k
      LEFT JOIN kpi prev ON prev.grain = k.grain AND prev.period_start = k.prev_start AND prev.scope = k.scope AND prev.scope_id = k.scope_id AND prev.audience = k.audience
      LEFT JOIN kpi ly ON ly.grain = k.grain AND ly.period_start = k.ly_start AND ly.scope = k.scope AND ly.scope_id = k.scope_id AND ly.audience = k.audience`;
  },
  tests: [
    { kind: "accepted_values", column: "grain", values: ["day", "week", "month"] },
    { kind: "accepted_values", column: "audience", values: ["all", "members", "anonymous"] },
    {
      kind: "expression",
      name: "chain revenue per period equals fct_receipts",
      failingRows: ({ ref }) => `SELECT k.grain, k.period_start FROM mart_kpi k
        JOIN (SELECT date_trunc('month', receipt_date)::DATE AS m, sum(net_amount) AS revenue FROM ${ref("fct_receipts")} GROUP BY 1) f ON f.m = k.period_start
        WHERE k.grain = 'month' AND k.scope = 'chain' AND k.audience = 'all' AND abs(k.revenue - f.revenue) > 1e-6 * greatest(1, abs(f.revenue))`,
    },
  ],
};
