import type { SqlModel } from "../model.js";

/**
 * The top-level KPIs by day, week and month; for the chain, each store and each city; for all
 * receipts, members and anonymous buyers; each with the previous period and the same period a year
 * before (364 days / 52 weeks back for days and weeks, so weekdays line up; 12 months for months).
 *
 * Definitions: revenue is net of returns (`revenue_gross` is sales only); receipts and the averages
 * count sales, not returns; average check = revenue / receipts, the same factor the revenue
 * decomposition uses; purchase frequency = member receipts / active members.
 */
export const KPI_METRICS = [
  "revenue",
  "revenue_gross",
  "returns",
  "receipts",
  "avg_check",
  "items_per_receipt",
  "avg_item_price",
  "active_members",
  "purchase_frequency",
  "identified_receipt_share",
  "identified_revenue_share",
  "discounts",
  "bonus_earned",
  "bonus_spent",
] as const;

const aggregates = `sum(net_amount) AS revenue,
    sum(gross_amount) AS revenue_gross,
    -sum(net_amount) FILTER (WHERE is_return) AS returns,
    count(*) FILTER (WHERE NOT is_return) AS receipts,
    sum(net_amount) / nullif(count(*) FILTER (WHERE NOT is_return), 0) AS avg_check,
    sum(items) FILTER (WHERE NOT is_return) / nullif(count(*) FILTER (WHERE NOT is_return), 0) AS items_per_receipt,
    sum(gross_amount) / nullif(sum(items) FILTER (WHERE NOT is_return), 0) AS avg_item_price,
    count(*) FILTER (WHERE is_identified AND NOT is_return) AS member_receipts,
    count(*) FILTER (WHERE is_identified AND NOT is_return) / nullif(count(*) FILTER (WHERE NOT is_return), 0) AS identified_receipt_share,
    sum(net_amount) FILTER (WHERE is_identified) / nullif(sum(net_amount), 0) AS identified_revenue_share,
    sum(discount) AS discounts,
    sum(bonus_earned) AS bonus_earned,
    sum(bonus_spent) AS bonus_spent`;

export const martKpi: SqlModel = {
  kind: "sql",
  name: "mart_kpi",
  description: "KPIs by period (day/week/month), scope (chain/store/city) and audience (all/members/anonymous), with comparison periods.",
  layer: "mart",
  grain: ["grain", "period_start", "scope", "scope_id", "audience"],
  dependsOn: ["fct_receipts", "dim_stores"],
  sql: ({ asOf, params }) => {
    const week = params.weekStart === "monday" ? "date_trunc('week', receipt_date)" : "(date_trunc('week', receipt_date + 1) - 1)";
    const comparisons = KPI_METRICS.flatMap((m) => [`prev.${m} AS ${m}_prev`, `ly.${m} AS ${m}_ly`]).join(",\n      ");
    // Distinct members are counted apart from the sums: as plain DISTINCT groupings, which DuckDB can
    // spill to disk, rather than count(DISTINCT) inside grouping sets, which it must hold in memory.
    const memberCounts = (["store_id", "city", "'chain'"] as const)
      .map((key) => {
        const scope = key === "store_id" ? "'store'" : key === "city" ? "'city'" : "'chain'";
        return `SELECT grain, period_start, ${scope} AS scope, scope_id, count(*) AS active_members
          FROM (SELECT DISTINCT grain, period_start, ${key} AS scope_id, member_id FROM periods WHERE is_identified AND NOT is_return)
          GROUP BY ALL`;
      })
      .join("\n        UNION ALL ");
    return `WITH base AS NOT MATERIALIZED (
        SELECT r.*, coalesce(s.city, '(unknown)') AS city FROM fct_receipts r LEFT JOIN dim_stores s USING (store_id)
      ),
      periods AS NOT MATERIALIZED (
        SELECT 'day' AS grain, receipt_date AS period_start, * FROM base
        UNION ALL SELECT 'week', ${week}::DATE, * FROM base
        UNION ALL SELECT 'month', date_trunc('month', receipt_date)::DATE, * FROM base
      ),
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
        ${memberCounts}
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
      failingRows: () => `SELECT k.grain, k.period_start FROM mart_kpi k
        JOIN (SELECT date_trunc('month', receipt_date)::DATE AS m, sum(net_amount) AS revenue FROM fct_receipts GROUP BY 1) f ON f.m = k.period_start
        WHERE k.grain = 'month' AND k.scope = 'chain' AND k.audience = 'all' AND abs(k.revenue - f.revenue) > 1e-6 * greatest(1, abs(f.revenue))`,
    },
  ],
};
