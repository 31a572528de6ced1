import type { SqlModel } from "../model.js";
import { churnOutcomesSql } from "./churn-outcomes.js";

/** The member attributes churn is split by, besides the chain as a whole. */
const CHURN_SCOPES = ["chain", "home_store", "registration_channel", "tier", "entry_category"] as const;

/**
 * Where churn lives: by month, the members at risk (in a buying stage at the previous month's end),
 * those who churned that month and the churn rate (churned / at risk), for the chain and by the
 * member's home store, registration channel and tier at the previous month's end (fct_member_tiers:
 * the tier they had while deciding, not the one they dropped to) and the category of their first
 * purchase (fct_member_entry). Members without a profile (a card the cards feed does not know) are
 * '(none)' for store and tier, '(unknown)' for the channel. Monthly rates of a small group are noisy: add
 * at-risk and churned members over months before dividing.
 */
export const martChurnDrivers: SqlModel = {
  kind: "sql",
  name: "mart_churn_drivers",
  description: "Members at risk, churned and the churn rate by month: chain, home store, registration channel, tier at the previous month end, entry category.",
  layer: "mart",
  grain: ["as_of", "scope", "scope_id"],
  sql: (ctx) => `WITH attributed AS (
        SELECT o.as_of, o.is_churned, 'chain' AS chain, coalesce(c.home_store_id, '(none)') AS home_store,
          coalesce(c.registration_channel, '(unknown)') AS registration_channel, coalesce(t.tier, '(none)') AS tier,
          coalesce(e.entry_category, '(none)') AS entry_category
        FROM (${churnOutcomesSql(ctx)}) o
        LEFT JOIN ${ctx.ref("dim_customers")} c ON c.customer_id = o.member_id
        LEFT JOIN ${ctx.ref("fct_member_tiers")} t ON t.customer_id = o.member_id AND t.period_start = date_trunc('month', o.previous_as_of)
        LEFT JOIN ${ctx.ref("fct_member_entry")} e ON e.member_id = o.member_id
      )
      SELECT as_of, scope, scope_id, count(*) AS at_risk, count(*) FILTER (WHERE is_churned) AS churned, churned / at_risk AS churn_rate
      FROM (UNPIVOT attributed ON ${CHURN_SCOPES.join(", ")} INTO NAME scope VALUE scope_id)
      GROUP BY ALL`,
  tests: [{ kind: "accepted_values", column: "scope", values: CHURN_SCOPES }],
};
