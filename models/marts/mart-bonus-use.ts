import type { SqlModel } from "../model.js";

/**
 * How many of the month's active members paid with bonuses: members (not cards) with a sale in the
 * month, and those of them with at least one sale partly paid with points (`bonus_spent` on the
 * receipt), for the chain and by the member's lifecycle stage at the month's end — a programme goal
 * such as "30 % of the monthly active base pays with bonuses".
 */
export const martBonusUse: SqlModel = {
  kind: "sql",
  name: "mart_bonus_use",
  description: "Active members and those who paid with bonuses, by month, for the chain and by CVM stage at month end.",
  layer: "mart",
  grain: ["period_start", "scope", "scope_id"],
  sql: ({ asOf, ref }) => `WITH members AS (
        SELECT date_trunc('month', receipt_date)::DATE AS period_start, member_id, bool_or(bonus_spent > 0) AS paid_with_bonuses
        FROM ${ref("fct_receipts")}
        WHERE is_identified AND NOT is_return AND receipt_date <= DATE '${asOf}'
        GROUP BY ALL
      ),
      staged AS (
        SELECT m.*, coalesce(s.stage, '(none)') AS stage
        FROM members m LEFT JOIN ${ref("mart_cvm_monthly")} s ON s.member_id = m.member_id AND date_trunc('month', s.as_of) = m.period_start
      )
      SELECT period_start, 'chain' AS scope, 'chain' AS scope_id, count(*) AS active_members,
        count(*) FILTER (WHERE paid_with_bonuses) AS bonus_payers, count(*) FILTER (WHERE paid_with_bonuses) / count(*) AS bonus_payer_share
      FROM staged GROUP BY period_start
      UNION ALL
      SELECT period_start, 'cvm_stage', stage, count(*), count(*) FILTER (WHERE paid_with_bonuses), count(*) FILTER (WHERE paid_with_bonuses) / count(*)
      FROM staged GROUP BY period_start, stage`,
  tests: [{ kind: "accepted_values", column: "scope", values: ["chain", "cvm_stage"] }],
};
