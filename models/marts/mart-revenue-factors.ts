import type { SqlModel } from "../model.js";

/**
 * The three levers of member revenue per month, for the chain and each store (RFM segments:
 * mart_segment_revenue_factors):
 * `revenue = customers × average check × visits per customer`, where customers are members with at
 * least one purchase in the month, visits their sales receipts and revenue their sales. Returns are
 * left out here: the identity needs positive amounts (LMDI takes logarithms), and returns are
 * reported in mart_kpi.
 */
export const martRevenueFactors: SqlModel = {
  kind: "sql",
  name: "mart_revenue_factors",
  description: "Members' revenue, customers, visits, average check and visits per customer by month: chain and stores.",
  layer: "mart",
  grain: ["scope", "scope_id", "period_start"],
  // mart_kpi's members' months: sales receipts, their revenue, active members.
  sql: ({ ref }) => `SELECT scope, scope_id, period_start, active_members::BIGINT AS customers, receipts::BIGINT AS visits, revenue_gross AS revenue,
      revenue_gross / receipts AS avg_check, receipts / active_members AS visits_per_customer
    FROM ${ref("mart_kpi")} WHERE grain = 'month' AND audience = 'members' AND scope IN ('chain', 'store') AND receipts > 0`,
  tests: [
    {
      kind: "expression",
      name: "revenue = customers × average check × visits per customer",
      failingRows: () => `SELECT scope, scope_id, period_start FROM mart_revenue_factors
        WHERE abs(customers * avg_check * visits_per_customer - revenue) > 1e-9 * greatest(1, revenue)`,
    },
  ],
};
