/** Monthly cohorts of the last three years (by first purchase and by registration): retention, revenue per member, cumulative churn. */
import { isoDate, type SnapshotQuery } from "./query-snapshot.js";

export interface CohortRetentionRow {
  cohort_type: string;
  cohort_month: string;
  months_since: number;
  cohort_size: number;
  active_members: number;
  retention: number;
  revenue_per_member: number;
  cumulative_churn: number | null;
}

export function cohortRetention(q: SnapshotQuery): Promise<CohortRetentionRow[]> {
  return q.all<CohortRetentionRow>(`
    SELECT cohort_type, ${isoDate("cohort_month")} AS cohort_month, months_since::DOUBLE AS months_since, cohort_size::DOUBLE AS cohort_size,
      active_members::DOUBLE AS active_members, round(retention, 4)::DOUBLE AS retention, round(revenue_per_member, 2)::DOUBLE AS revenue_per_member,
      round(cumulative_churn, 4)::DOUBLE AS cumulative_churn
    FROM ${q.scan("mart_cohort_retention")}
    -- the last three years of cohorts: what the heat map can show
    WHERE cohort_month > (SELECT max(cohort_month) FROM ${q.scan("mart_cohort_retention")}) - INTERVAL 36 MONTH
    ORDER BY cohort_type, cohort_month, months_since`);
}
