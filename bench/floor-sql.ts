/**
 * The floor of the model benchmark: four core outputs written as plain DuckDB SQL straight from the
 * metric definitions (models/metrics/metric-catalogue.ts, docs/analyst.md), not from the models' own SQL, over the same cleaned receipts
 * (fct_receipts) and members (dim_customers) the models read:
 *   - monthly KPIs per store: revenue net of returns, sales receipts, average check, active members
 *   - RFM per member as of the date, with quintile scores
 *   - the cohort triangle: members active per first-purchase month and month of life
 *   - the lifecycle stage per member as of the date, by the rhythm rules (the default thresholds)
 * What the models do on top (day and week grains, cities, audiences, comparison periods, the
 * P(alive) switch of the stages, data tests) is theirs to pay for.
 */
export function floorStatements(asOf: string): Record<string, string> {
  const day = `DATE '${asOf}'`;
  const sales = `SELECT * FROM fct_receipts WHERE is_identified AND NOT is_return AND receipt_date <= ${day}`;
  return {
    kpi_store_month: `CREATE OR REPLACE TABLE floor_kpi_store_month AS
      SELECT date_trunc('month', receipt_date) AS month, store_id,
        sum(net_amount) AS revenue,
        count(*) FILTER (WHERE NOT is_return) AS receipts,
        sum(net_amount) / nullif(count(*) FILTER (WHERE NOT is_return), 0) AS avg_check,
        count(DISTINCT member_id) FILTER (WHERE is_identified AND NOT is_return) AS active_members
      FROM fct_receipts GROUP BY ALL`,
    // monetary is net of the member's returns, frequency and recency count sales
    rfm: `CREATE OR REPLACE TABLE floor_rfm AS
      WITH m AS (
        SELECT member_id, date_diff('day', max(receipt_date) FILTER (WHERE NOT is_return), ${day}) AS recency_days,
          count(*) FILTER (WHERE NOT is_return) AS frequency, sum(net_amount) AS monetary
        FROM fct_receipts WHERE is_identified AND receipt_date <= ${day} GROUP BY member_id HAVING count(*) FILTER (WHERE NOT is_return) > 0
      )
      SELECT *, ntile(5) OVER (ORDER BY recency_days DESC) AS r, ntile(5) OVER (ORDER BY frequency) AS f, ntile(5) OVER (ORDER BY monetary) AS m FROM m`,
    cohorts: `CREATE OR REPLACE TABLE floor_cohorts AS
      WITH active AS (SELECT DISTINCT member_id, date_trunc('month', receipt_date) AS month FROM (${sales})),
      cohort AS (SELECT member_id, min(month) AS cohort FROM active GROUP BY member_id)
      SELECT cohort, date_diff('month', cohort, month) AS month_of_life, count(*) AS members
      FROM active JOIN cohort USING (member_id) GROUP BY ALL`,
    lifecycle: `CREATE OR REPLACE TABLE floor_lifecycle AS
      WITH days AS (SELECT DISTINCT member_id, receipt_date AS day FROM (${sales})),
      gaps AS (SELECT member_id, day, day - lag(day) OVER (PARTITION BY member_id ORDER BY day) AS gap FROM days),
      h AS (
        SELECT member_id, min(day) AS first_day, max(day) AS last_day, count(*) AS n,
          count(*) FILTER (WHERE day > ${day} - 180) AS recent,
          arg_max(gap, day) AS last_gap
        FROM gaps GROUP BY member_id
      ),
      s AS (
        SELECT *, ${day} - last_day AS idle, CASE WHEN n >= 2 THEN (last_day - first_day) / (n - 1) ELSE 0 END AS usual,
          -- the mean gap up to the purchase before the last: (last − last gap − first) / (n − 2)
          CASE WHEN n >= 3 THEN (last_day - first_day - last_gap) / (n - 2) ELSE 0 END AS usual_before_last
        FROM h
      )
      SELECT c.customer_id AS member_id, CASE
          WHEN s.member_id IS NULL THEN 'registered_no_purchase'
          WHEN idle > greatest(180, 4 * usual) THEN 'churned'
          WHEN idle > greatest(60, 2 * usual) THEN 'pre_churn'
          WHEN last_gap > greatest(180, 4 * usual_before_last) AND idle <= 90 THEN 'won_back'
          WHEN ${day} - first_day <= 30 THEN 'new'
          WHEN recent >= 6 THEN 'loyal'
          ELSE 'developing' END AS stage
      FROM dim_customers c LEFT JOIN s ON s.member_id = c.customer_id
      WHERE c.registered_on <= ${day}`,
  };
}

/** Rows where the floor and the models disagree, per output (the floor checks the models, too). */
export const FLOOR_CHECKS: Record<string, string> = {
  kpi_store_month: `SELECT count(*) AS n FROM floor_kpi_store_month f FULL JOIN (SELECT * FROM mart_kpi WHERE grain = 'month' AND scope = 'store' AND audience = 'all') k
    ON k.period_start = f.month AND k.scope_id = f.store_id
    WHERE k.scope_id IS NULL OR f.store_id IS NULL OR abs(k.revenue - f.revenue) > 1e-6 * greatest(1, abs(f.revenue)) OR k.receipts <> f.receipts OR k.active_members <> f.active_members`,
  rfm: `SELECT count(*) AS n FROM floor_rfm f FULL JOIN mart_rfm r USING (member_id)
    WHERE r.member_id IS NULL OR f.member_id IS NULL OR r.frequency <> f.frequency OR r.recency_days <> f.recency_days OR abs(r.monetary - f.monetary) > 1e-6 * greatest(1, abs(f.monetary))`,
  cohorts: `SELECT count(*) AS n FROM floor_cohorts f FULL JOIN (SELECT * FROM mart_cohort_retention WHERE cohort_type = 'first_purchase' AND active_members > 0) c
    ON c.cohort_month = f.cohort AND c.months_since = f.month_of_life
    WHERE c.cohort_month IS NULL OR f.cohort IS NULL OR c.active_members <> f.members`,
};
