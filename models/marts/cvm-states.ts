/**
 * The CVM lifecycle stage of every member at one or more dates, relative to each member's own
 * purchase rhythm. Shared by the stage as of the build date and the monthly stage history.
 *
 * Stages, first rule that applies:
 *   registered_no_purchase  registered, never bought (by that date)
 *   churned                 days since the last purchase > max(churnFloorDays, churnMultiple × usual interval)
 *   pre_churn               days since the last purchase > max(preChurnFloorDays, preChurnMultiple × usual interval)
 *   won_back                the last purchase came after a gap that counted as churned, ≤ wonBackDays ago
 *   new                     first purchase ≤ newDays ago
 *   loyal                   ≥ loyalMinPurchases purchase days in the last loyalWindowDays
 *   developing              everyone else
 * The usual interval is the mean gap between purchase days, (last − first) / (purchase days − 1);
 * one-time buyers have none, so the floors apply to them.
 *
 * With the BG/NBD switch on (config `lifecycle.useProbabilityAlive`), members with a repeat purchase
 * are churned when P(alive) < pAliveChurned and pre-churn when P(alive) < pAlivePreChurn, with P(alive)
 * from the fit in mart_clv_params applied to their history at each date (x = purchase days − 1, t_x and
 * T in the fit's unit); one-time buyers, for whom BG/NBD's P(alive) is always 1, keep the floors.
 */
import type { TableRefs } from "../table-refs.js";
import type { ModelParams } from "../../src/config/model-params.js";

export const CVM_STAGES = ["registered_no_purchase", "new", "developing", "loyal", "pre_churn", "churned", "won_back"] as const;
/** The stages' Russian names, for files people open (the site's pages name them in notebooks/components/segment-labels.js). */
export const CVM_STAGE_NAMES_RU: Record<(typeof CVM_STAGES)[number], string> = {
  registered_no_purchase: "без покупок", new: "новички", developing: "развивающиеся", loyal: "лояльные",
  pre_churn: "предотток", churned: "отток", won_back: "вернувшиеся",
};
/** Stages of members who are still buying: the base the loyal-core share is measured against. */
export const ACTIVE_STAGES = ["new", "developing", "loyal", "pre_churn", "won_back"] as const;

/** `dates` is a SQL table expression with one column `as_of DATE`. */
export function cvmStatesSql(
  dates: string,
  p: ModelParams["lifecycle"],
  { ref }: TableRefs,
  { withProbabilityAlive = false, withWindowCount = false }: { withProbabilityAlive?: boolean; withWindowCount?: boolean } = {},
): string {
  const threshold = (floor: number, multiple: number, interval: string) => `greatest(${floor}, ${multiple} * coalesce(${interval}, 0))`;
  const rhythmChurned = `days_since_last > ${threshold(p.churnFloorDays, p.churnMultiple, "usual_interval")}`;
  const rhythmPreChurn = `days_since_last > ${threshold(p.preChurnFloorDays, p.preChurnMultiple, "usual_interval")}`;
  const [churned, preChurn] = withProbabilityAlive
    ? [
        // without a fit (too little data) p_alive is NULL and the rhythm rule applies
        `CASE WHEN purchase_days >= 2 AND p_alive IS NOT NULL THEN p_alive < ${p.pAliveChurned} ELSE ${rhythmChurned} END`,
        `CASE WHEN purchase_days >= 2 AND p_alive IS NOT NULL THEN p_alive < ${p.pAlivePreChurn} ELSE ${rhythmPreChurn} END`,
      ]
    : [rhythmChurned, rhythmPreChurn];
  // P(alive | x, t_x, T) = 1 / (1 + a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x)), in log-odds so it cannot overflow.
  const pAlive = withProbabilityAlive
    ? `, CASE WHEN s.purchase_days IS NULL OR s.purchase_days < 2 THEN 1.0 WHEN f.r IS NULL THEN NULL ELSE 1 / (1 + exp(least(700,
        ln(f.a) - ln(f.b + s.purchase_days - 2) + (f.r + s.purchase_days - 1)
          * (ln(f.alpha + date_diff('day', s.first_purchase, s.as_of) / f.unit_days) - ln(f.alpha + date_diff('day', s.first_purchase, s.last_purchase) / f.unit_days))))) END AS p_alive`
    : "";
  const fit = withProbabilityAlive
    ? ` LEFT JOIN (SELECT r, alpha, a, b, CASE time_unit WHEN 'weeks' THEN 7.0 ELSE 1.0 END AS unit_days FROM ${ref("mart_clv_params")} WHERE bgnbd_converged) f ON true`
    : "";
  const days = ref("fct_purchase_days");
  // A member is loyal at a date when the first of their last loyalMinPurchases purchase days by then
  // (fct_purchase_days.loyal_run_start) falls inside the window: a column of the last purchase, so the
  // stage needs one ASOF join, not two (a second sort of 20M purchase days at every month end). The
  // count itself is joined only where it is shown (withWindowCount).
  const windowCount = withWindowCount ? `ASOF LEFT JOIN ${days} w ON md.member_id = w.member_id AND md.window_start >= w.day` : "";
  return `WITH members AS (
      SELECT member_id, min(since) AS since FROM (
        SELECT customer_id AS member_id, registered_on AS since FROM ${ref("dim_customers")} WHERE registered_on IS NOT NULL
        UNION ALL SELECT member_id, first_day FROM ${days} WHERE nth = 1
      ) GROUP BY member_id
    ),
    member_dates AS (
      -- the window start is a column, not an expression in the join, so DuckDB can plan an ASOF join
      SELECT m.member_id, d.as_of, (d.as_of - INTERVAL ${p.loyalWindowDays} DAY)::DATE AS window_start
      FROM members m JOIN (${dates}) d ON m.since <= d.as_of
    ),
    state AS (
      SELECT md.member_id, md.as_of, p.day AS last_purchase, p.first_day AS first_purchase, p.nth AS purchase_days,
        date_diff('day', p.day, md.as_of) AS days_since_last,
        CASE WHEN p.nth >= 2 THEN date_diff('day', p.first_day, p.day) / (p.nth - 1) END AS usual_interval,
        CASE WHEN p.nth >= 3 THEN date_diff('day', p.first_day, p.prev_day) / (p.nth - 2) END AS interval_before_last,
        date_diff('day', p.prev_day, p.day) AS gap_before_last,
        ${withWindowCount ? "p.nth - coalesce(w.nth, 0) AS purchases_in_window," : ""}
        coalesce(p.loyal_run_start > md.window_start, false) AS is_loyal_in_window
      FROM member_dates md
      ASOF LEFT JOIN ${days} p ON md.member_id = p.member_id AND md.as_of >= p.day
      ${windowCount}
    )
    , scored AS (SELECT s.*${pAlive} FROM state s${fit})
    SELECT * EXCLUDE (is_loyal_in_window),
      ${threshold(p.preChurnFloorDays, p.preChurnMultiple, "usual_interval")} AS pre_churn_after_days,
      ${threshold(p.churnFloorDays, p.churnMultiple, "usual_interval")} AS churn_after_days,
      CASE
        WHEN last_purchase IS NULL THEN 'registered_no_purchase'
        WHEN ${churned} THEN 'churned'
        WHEN ${preChurn} THEN 'pre_churn'
        WHEN gap_before_last > ${threshold(p.churnFloorDays, p.churnMultiple, "interval_before_last")} AND days_since_last <= ${p.wonBackDays} THEN 'won_back'
        WHEN date_diff('day', first_purchase, as_of) <= ${p.newDays} THEN 'new'
        WHEN is_loyal_in_window THEN 'loyal'
        ELSE 'developing'
      END AS stage
    FROM scored`;
}
