import type { SqlModel } from "../model.js";

/**
 * Monthly cohorts of members, by the month of their first purchase and by the month they
 * registered: for every month k since, the share that bought (retention), revenue per cohort
 * member, and cumulative churn — the share whose last purchase so far came before month k.
 */
export const martCohortRetention: SqlModel = {
  kind: "sql",
  name: "mart_cohort_retention",
  description: "Retention triangle, revenue per member and cumulative churn for monthly cohorts by first purchase and by registration.",
  layer: "mart",
  grain: ["cohort_type", "cohort_month", "months_since"],
  sql: ({ asOf, ref }) => `WITH activity AS (
        SELECT member_id, date_trunc('month', receipt_date)::DATE AS month, sum(net_amount) AS revenue,
          count(*) FILTER (WHERE NOT is_return) > 0 AS bought
        FROM ${ref("fct_receipts")} WHERE is_identified AND receipt_date <= DATE '${asOf}' GROUP BY ALL
      ),
      members AS (
        SELECT member_id, min(month) FILTER (WHERE bought) AS first_month, max(month) FILTER (WHERE bought) AS last_month
        FROM activity GROUP BY member_id
      ),
      cohorts AS (
        SELECT 'first_purchase' AS cohort_type, member_id, first_month AS cohort_month FROM members WHERE first_month IS NOT NULL
        UNION ALL
        SELECT 'registration', customer_id, date_trunc('month', registered_on)::DATE FROM ${ref("dim_customers")}
        WHERE registered_on <= DATE '${asOf}'
      ),
      sizes AS (SELECT cohort_type, cohort_month, count(*) AS cohort_size FROM cohorts GROUP BY ALL),
      grid AS (
        SELECT s.*, k AS months_since, (s.cohort_month + INTERVAL (k) MONTH)::DATE AS month
        FROM sizes s, range(0, date_diff('month', s.cohort_month, DATE '${asOf}') + 1) t(k)
      ),
      cells AS (
        SELECT c.cohort_type, c.cohort_month, a.month, count(*) FILTER (WHERE a.bought) AS active_members, sum(a.revenue) AS revenue
        FROM cohorts c JOIN activity a USING (member_id) GROUP BY ALL
      ),
      -- members per cohort and month of their last purchase; churned by month k = those whose last month came before it
      last_months AS (
        SELECT c.cohort_type, c.cohort_month, m.last_month, count(*) AS members
        FROM cohorts c JOIN members m USING (member_id) WHERE m.last_month IS NOT NULL GROUP BY ALL
      ),
      churn AS (
        SELECT g.cohort_type, g.cohort_month, g.month, sum(l.members) AS churned
        FROM grid g JOIN last_months l ON l.cohort_type = g.cohort_type AND l.cohort_month = g.cohort_month AND l.last_month < g.month
        GROUP BY ALL
      )
      SELECT g.cohort_type, g.cohort_month, g.months_since, g.month, g.cohort_size,
        coalesce(cells.active_members, 0) AS active_members, coalesce(cells.active_members, 0) / g.cohort_size AS retention,
        -- no purchase in the month is 0; purchases without amounts (an event log) leave revenue empty, not 0
        CASE WHEN cells.month IS NULL THEN 0 ELSE cells.revenue END AS revenue,
        CASE WHEN cells.month IS NULL THEN 0 ELSE cells.revenue END / g.cohort_size AS revenue_per_member,
        coalesce(churn.churned, 0) / g.cohort_size AS cumulative_churn
      FROM grid g
      LEFT JOIN cells USING (cohort_type, cohort_month, month)
      LEFT JOIN churn USING (cohort_type, cohort_month, month)`,
  tests: [{ kind: "accepted_values", column: "cohort_type", values: ["first_purchase", "registration"] }],
};

/**
 * Conversion of new members, by registration channel and month: the share that made a first
 * purchase within N days of registering, and a repeat purchase within N days of the first
 * (N = config `models.cohorts.conversionDays`). Rates count only members registered at least N days
 * before the build date, whose window has closed.
 */
export const martConversion: SqlModel = {
  kind: "sql",
  name: "mart_conversion",
  description: "New members by registration channel and month, and their conversion to a first and a repeat purchase within N days.",
  layer: "mart",
  grain: ["registration_channel", "registration_month"],
  sql: ({ asOf, params, ref }) => {
    const n = params.cohorts.conversionDays;
    return `WITH firsts AS (
        SELECT member_id, min(day) FILTER (WHERE nth = 1) AS first_day, min(day) FILTER (WHERE nth = 2) AS second_day
        FROM ${ref("fct_purchase_days")} WHERE nth <= 2 AND day <= DATE '${asOf}' GROUP BY member_id
      )
      SELECT coalesce(c.registration_channel, '(unknown)') AS registration_channel, date_trunc('month', c.registered_on)::DATE AS registration_month,
        ${n} AS window_days,
        count(*) AS new_members,
        count(*) FILTER (WHERE c.registered_on <= DATE '${asOf}' - INTERVAL ${n} DAY) AS matured_members,
        count(*) FILTER (WHERE c.registered_on <= DATE '${asOf}' - INTERVAL ${n} DAY AND f.first_day <= c.registered_on + INTERVAL ${n} DAY) AS first_purchase_within,
        count(*) FILTER (WHERE c.registered_on <= DATE '${asOf}' - INTERVAL ${n} DAY AND f.first_day <= c.registered_on + INTERVAL ${n} DAY
          AND f.second_day <= f.first_day + INTERVAL ${n} DAY) AS repeat_within,
        first_purchase_within / nullif(matured_members, 0) AS first_purchase_rate,
        repeat_within / nullif(matured_members, 0) AS repeat_rate
      FROM ${ref("dim_customers")} c LEFT JOIN firsts f ON f.member_id = c.customer_id
      WHERE c.registered_on <= DATE '${asOf}'
      GROUP BY ALL`;
  },
};
