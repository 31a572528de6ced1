import { firstPurchaseDayIn } from "../core/fct-purchase-days.js";
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
  dependsOn: ["mart_kpi", "fct_purchase_days", "mart_rfm"],
  // The chain's and stores' figures are mart_kpi's members' months (sales receipts, their revenue,
  // active members); a segment's come from its members' purchase days, where a member counts in the
  // month of their first purchase day in it.
  sql: () => `SELECT scope, scope_id, period_start, active_members::BIGINT AS customers, receipts::BIGINT AS visits, revenue_gross AS revenue,
      revenue_gross / receipts AS avg_check, receipts / active_members AS visits_per_customer
    FROM mart_kpi WHERE grain = 'month' AND audience = 'members' AND scope IN ('chain', 'store') AND receipts > 0
    UNION ALL
    SELECT 'segment', segment, month, customers, visits, revenue, revenue / visits, visits / customers
    FROM (
      SELECT coalesce(r.segment, '(no RFM score)') AS segment, date_trunc('month', p.day)::DATE AS month,
        count(*) FILTER (WHERE ${firstPurchaseDayIn((d) => `date_trunc('month', ${d})`, "p.day", "p.prev_day")})::BIGINT AS customers,
        sum(p.receipts)::BIGINT AS visits, sum(p.value) AS revenue
      FROM fct_purchase_days p LEFT JOIN mart_rfm r USING (member_id)
      GROUP BY ALL
    )`,
  tests: [
    {
      kind: "expression",
      name: "revenue = customers × average check × visits per customer",
      failingRows: () => `SELECT scope, scope_id, period_start FROM mart_revenue_factors
        WHERE abs(customers * avg_check * visits_per_customer - revenue) > 1e-9 * greatest(1, revenue)`,
    },
  ],
};
