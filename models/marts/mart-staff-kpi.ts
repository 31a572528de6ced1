import type { SqlModel } from "../model.js";

/** The staff KPIs' levels: a store, a till in it, a cashier in it. */
const STAFF_LEVELS = ["store", "till", "cashier"] as const;

/** A SQL number, or NULL for a target the config leaves out. */
const target = (value: number | null | undefined) => (value == null ? "NULL::DOUBLE" : `${value}::DOUBLE`);

/**
 * The staff KPIs by month: for each store, each till and each cashier in it (codes as the receipts
 * feed gives them; '(unknown)' where a receipt names none) the sales receipts, those with a card
 * and their share; for each store the sign-ups, members whose first card it issued that month
 * (a replacement card is no sign-up; cards issued in the app or on the site have no store). The
 * feeds name no till or cashier on a card, so sign-ups are per store only.
 *
 * Each figure is judged against `models.stores.targets`: the identified share only with at least
 * `minReceiptsToRank` receipts in the month (a till with 3 receipts says nothing about its cashiers),
 * the sign-ups only once the month is over (a count falls short of a monthly target until then).
 * `*_met` is NULL when there is no target or nothing to judge. mart_store_identification ranks the
 * stores' rows, so the store's identified share is computed here only.
 */
export const martStaffKpi: SqlModel = {
  kind: "sql",
  name: "mart_staff_kpi",
  description: "Sales receipts, identified share and sign-ups by month for stores, tills and cashiers, against the configured targets.",
  layer: "mart",
  grain: ["period_start", "level", "store_id", "unit_id"],
  sql: ({ asOf, params, ref }) => {
    const { minReceiptsToRank, targets } = params.stores;
    return `WITH receipts AS (
        SELECT date_trunc('month', receipt_date)::DATE AS period_start, store_id,
          coalesce(till_id, '(unknown)') AS till_id, coalesce(cashier_id, '(unknown)') AS cashier_id, is_identified
        FROM ${ref("fct_receipts")} WHERE NOT is_return AND receipt_date <= DATE '${asOf}'
      ),
      shares AS (
        SELECT period_start, store_id,
          CASE WHEN GROUPING(till_id) = 0 THEN 'till' WHEN GROUPING(cashier_id) = 0 THEN 'cashier' ELSE 'store' END AS level,
          coalesce(till_id, cashier_id, store_id) AS unit_id,
          count(*) AS receipts, count(*) FILTER (WHERE is_identified) AS identified_receipts
        FROM receipts
        GROUP BY GROUPING SETS ((period_start, store_id), (period_start, store_id, till_id), (period_start, store_id, cashier_id))
      ),
      first_cards AS (
        SELECT issuing_store_id AS store_id, issued_at,
          row_number() OVER (PARTITION BY customer_id ORDER BY issued_at, card_number) AS nth
        FROM ${ref("dim_cards")}
      ),
      sign_ups AS (
        SELECT date_trunc('month', issued_at)::DATE AS period_start, store_id, 'store' AS level, store_id AS unit_id, count(*) AS sign_ups
        FROM first_cards WHERE nth = 1 AND store_id IS NOT NULL AND issued_at::DATE <= DATE '${asOf}'
        GROUP BY ALL
      ),
      counts AS (
        SELECT period_start, level, store_id, unit_id, coalesce(receipts, 0) AS receipts, coalesce(identified_receipts, 0) AS identified_receipts,
          CASE WHEN level = 'store' THEN coalesce(sign_ups, 0) END AS sign_ups
        FROM shares FULL JOIN sign_ups USING (period_start, level, store_id, unit_id)
      )
      SELECT *, identified_receipts / nullif(receipts, 0) AS identified_share,
        last_day(period_start) <= DATE '${asOf}' AS is_complete,
        ${target(targets.identifiedShare)} AS identified_share_target,
        CASE WHEN identified_share_target IS NOT NULL AND receipts >= ${minReceiptsToRank} THEN identified_share >= identified_share_target END AS identified_share_met,
        CASE WHEN level = 'store' THEN ${target(targets.signUpsPerMonth)} END AS sign_ups_target,
        CASE WHEN sign_ups_target IS NOT NULL AND is_complete THEN sign_ups >= sign_ups_target END AS sign_ups_met
      FROM counts`;
  },
  tests: [{ kind: "accepted_values", column: "level", values: STAFF_LEVELS }],
};
