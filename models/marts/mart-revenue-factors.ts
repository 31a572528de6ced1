import type { SqlModel } from "../model.js";

/**
 * The three levers of member revenue per month, for the chain, each store and each RFM segment
 * (members grouped by their segment as of the build date, so a segment's history is the history of
 * today's members of it):
 * `revenue = customers × average check × visits per customer`, where customers are members with at
 * least one purchase in the month, visits their sales receipts and revenue their sales. Returns are
 * left out here: the identity needs positive amounts (LMDI takes logarithms), and returns are
 * reported in mart_kpi.
 */
export const martRevenueFactors: SqlModel = {
  kind: "sql",
  name: "mart_revenue_factors",
  description: "Members' revenue, customers, visits, average check and visits per customer by month: chain, stores, RFM segments.",
  layer: "mart",
  grain: ["scope", "scope_id", "period_start"],
  dependsOn: ["fct_receipts", "mart_rfm"],
  sql: () => `SELECT CASE WHEN GROUPING(store_id) = 0 THEN 'store' WHEN GROUPING(segment) = 0 THEN 'segment' ELSE 'chain' END AS scope,
      coalesce(store_id, segment, 'chain') AS scope_id,
      date_trunc('month', receipt_date)::DATE AS period_start,
      count(DISTINCT member_id)::BIGINT AS customers, count(*)::BIGINT AS visits, sum(gross_amount) AS revenue,
      sum(gross_amount) / count(*) AS avg_check, count(*) / count(DISTINCT member_id) AS visits_per_customer
    FROM (SELECT f.*, coalesce(r.segment, '(no RFM score)') AS segment FROM fct_receipts f LEFT JOIN mart_rfm r USING (member_id)
      WHERE f.is_identified AND NOT f.is_return)
    GROUP BY GROUPING SETS ((date_trunc('month', receipt_date)), (date_trunc('month', receipt_date), store_id), (date_trunc('month', receipt_date), segment))`,
  tests: [
    {
      kind: "expression",
      name: "revenue = customers × average check × visits per customer",
      failingRows: () => `SELECT scope, scope_id, period_start FROM mart_revenue_factors
        WHERE abs(customers * avg_check * visits_per_customer - revenue) > 1e-9 * greatest(1, revenue)`,
    },
  ],
};
