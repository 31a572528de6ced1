import type { SqlModel } from "../model.js";

/**
 * Each member's tier at every month end, rebuilt from the profile's current tier and the dated tier
 * changes before it (a change's old value held until the change, the current value since the last
 * one), with the member's qualifying spend: revenue net of returns over the last `qualifyingMonths`
 * months to that month end. A month still running ends at the build date. Members count from the
 * month they registered in (`is_new` that month); a profile without a tier is in `(none)`. The base of `mart_tiers`; per member and month, so the marts above it
 * never reconstruct tiers twice.
 */
export const fctMemberTiers: SqlModel = {
  kind: "sql",
  name: "fct_member_tiers",
  description: "Each member's tier at every month end (from the profile and its dated tier changes) and qualifying spend over the qualifying months.",
  layer: "core",
  grain: ["customer_id", "period_start"],
  sql: ({ asOf, ref, params }) => `WITH changes AS (
        SELECT customer_id, changed_at, old_value AS tier,
          lag(changed_at) OVER (PARTITION BY customer_id ORDER BY changed_at, file_id) AS valid_from
        FROM ${ref("fct_profile_changes")} WHERE feed = 'customers' AND field = 'tier'
      ),
      spans AS (
        SELECT customer_id, tier, valid_from, changed_at AS valid_to FROM changes
        UNION ALL
        SELECT d.customer_id, d.tier, last.changed_at, NULL
        FROM ${ref("dim_customers")} d LEFT JOIN (SELECT customer_id, max(changed_at) AS changed_at FROM changes GROUP BY ALL) last USING (customer_id)
      ),
      months AS (
        SELECT period_start::DATE AS period_start,
          least(period_start + INTERVAL 1 MONTH, DATE '${asOf}' + INTERVAL 1 DAY) AS period_end
        FROM generate_series(
          (SELECT date_trunc('month', min(receipt_date)) FROM ${ref("fct_receipts")}),
          date_trunc('month', DATE '${asOf}'), INTERVAL 1 MONTH) g(period_start)
      ),
      member_months AS (
        SELECT s.customer_id, m.period_start, coalesce(s.tier, '(none)') AS tier, d.registered_at >= m.period_start AS is_new
        FROM months m
        JOIN spans s ON (s.valid_from IS NULL OR s.valid_from < m.period_end) AND (s.valid_to IS NULL OR s.valid_to >= m.period_end)
        JOIN ${ref("dim_customers")} d ON d.customer_id = s.customer_id AND d.registered_at < m.period_end
      ),
      spend AS (
        SELECT customer_id, date_trunc('month', receipt_date)::DATE AS period_start, sum(net_amount)::DOUBLE AS spend
        FROM ${ref("fct_receipts")} WHERE customer_id IS NOT NULL AND receipt_date <= DATE '${asOf}' GROUP BY ALL
      )
      SELECT mm.customer_id, mm.period_start, mm.tier, lag(mm.tier) OVER w AS previous_tier, mm.is_new,
        coalesce(sum(s.spend) OVER (w ROWS BETWEEN ${params.tiers.qualifyingMonths - 1} PRECEDING AND CURRENT ROW), 0) AS qualifying_spend
      FROM member_months mm LEFT JOIN spend s USING (customer_id, period_start)
      WINDOW w AS (PARTITION BY mm.customer_id ORDER BY mm.period_start)`,
};
