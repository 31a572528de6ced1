/**
 * Lifetime value, aggregated: the fit's status and parameters, the P(alive) distribution, CLV by RFM
 * segment and predicted against actual purchases in the holdout. mart_clv is per member: only bins,
 * counts and averages leave this query. When the fit is missing, `status` says why.
 */
import { isoDate, segmentLabelSql, type SnapshotQuery } from "./query-snapshot.js";

export interface LifetimeValue {
  status: string;
  /** "fitted", or why spend per purchase (and so CLV) is not: P(alive) and expected purchases are there anyway. */
  spend_status: string | null;
  as_of: string | null;
  customers: number | null;
  repeat_customers: number | null;
  holdout_status: string | null;
  holdout_calibration_end: string | null;
  /** Expected repeat purchases of a customer just acquired, in 52 weeks (unconditional E[X(t)]); null when not configured or not fitted. */
  new_customer_purchases_52w: number | null;
  p_alive: { bin_start: number; bin_end: number; members: number }[];
  by_segment: { segment: string; members: number; avg_clv: number; total_clv: number; avg_p_alive: number; expected_purchases_90d: number }[];
  holdout: { frequency_group: string; customers: number; actual: number; predicted: number }[];
}

export async function lifetimeValue(q: SnapshotQuery): Promise<LifetimeValue> {
  const empty: LifetimeValue = {
    status: "missing: the snapshot has no mart_clv_params (the CLV models have not been built and published)",
    spend_status: null, as_of: null, customers: null, repeat_customers: null, holdout_status: null, holdout_calibration_end: null,
    new_customer_purchases_52w: null, p_alive: [], by_segment: [], holdout: [],
  };
  if (!q.has("mart_clv_params")) return empty;
  const paramColumns = await q.columns("mart_clv_params");
  const [params] = await q.all<Omit<LifetimeValue, "p_alive" | "by_segment" | "holdout">>(`
    SELECT status, ${paramColumns.includes("spend_status") ? "spend_status" : "'fitted'"} AS spend_status, ${isoDate("as_of")} AS as_of, customers::DOUBLE AS customers, repeat_customers::DOUBLE AS repeat_customers,
      holdout_status, ${isoDate("holdout_calibration_end")} AS holdout_calibration_end,
      ${paramColumns.includes("new_customer_purchases_52w") ? "new_customer_purchases_52w" : "NULL::DOUBLE"} AS new_customer_purchases_52w
    FROM ${q.scan("mart_clv_params")} LIMIT 1`);
  if (!params) return { ...empty, status: "missing: mart_clv_params is empty" };
  const result: LifetimeValue = { ...empty, ...params };
  if (params.status !== "fitted" || !q.has("mart_clv")) return result;
  result.p_alive = await q.all(`
    SELECT least(floor(p_alive * 20), 19) / 20 AS bin_start, (least(floor(p_alive * 20), 19) + 1) / 20 AS bin_end, count(*)::DOUBLE AS members
    FROM ${q.scan("mart_clv")} WHERE p_alive IS NOT NULL GROUP BY ALL ORDER BY 1`);
  if (q.has("mart_rfm")) {
    result.by_segment = await q.all(`
      SELECT coalesce(${segmentLabelSql("r.segment")}, 'без оценки RFM') AS segment, count(*)::DOUBLE AS members, avg(c.clv)::DOUBLE AS avg_clv, sum(c.clv)::DOUBLE AS total_clv,
        avg(c.p_alive)::DOUBLE AS avg_p_alive, avg(c.expected_purchases_90d)::DOUBLE AS expected_purchases_90d
      FROM ${q.scan("mart_clv")} c LEFT JOIN ${q.scan("mart_rfm")} r USING (member_id)
      GROUP BY ALL ORDER BY total_clv DESC`);
  }
  if (q.has("mart_clv_holdout")) {
    result.holdout = await q.all(`
      SELECT frequency_group, customers::DOUBLE AS customers, actual::DOUBLE AS actual, predicted::DOUBLE AS predicted
      FROM ${q.scan("mart_clv_holdout")} ORDER BY frequency_group = 'all', try_cast(regexp_extract(frequency_group, '\\d+') AS INTEGER), frequency_group`);
  }
  return result;
}
