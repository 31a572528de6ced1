import type { SqlModel } from "../model.js";
import { signedPoints } from "./bonus-points.js";

const signed = signedPoints();

/**
 * Bonus points by month: accrued, redeemed, expired, adjusted, and the liability (the active
 * balance owed to members) at each month end. The signs follow `signedPoints`: accrued, redeemed and
 * expired are reported as positive amounts, adjusted with its sign.
 */
export const martBonusMonthly: SqlModel = {
  kind: "sql",
  name: "mart_bonus_monthly",
  description: "Bonus accrual, redemption, expiry, adjustments and the liability at month end.",
  layer: "mart",
  grain: ["period_start"],
  sql: ({ asOf, ref }) => `WITH months AS (
        SELECT date_trunc('month', entry_at)::DATE AS period_start,
          sum(${signed}) FILTER (WHERE kind = 'accrual')::DOUBLE AS accrued,
          (-sum(${signed}) FILTER (WHERE kind = 'redemption'))::DOUBLE AS redeemed,
          (-sum(${signed}) FILTER (WHERE kind = 'expiry'))::DOUBLE AS expired,
          sum(${signed}) FILTER (WHERE kind = 'adjustment')::DOUBLE AS adjusted,
          count(DISTINCT card_number) FILTER (WHERE kind = 'redemption') AS redeeming_cards
        FROM ${ref("fct_bonus_ledger")} WHERE entry_at < DATE '${asOf}' + INTERVAL 1 DAY GROUP BY ALL
      )
      SELECT period_start, coalesce(accrued, 0) AS accrued, coalesce(redeemed, 0) AS redeemed, coalesce(expired, 0) AS expired,
        coalesce(adjusted, 0) AS adjusted, redeeming_cards,
        sum(coalesce(accrued, 0) - coalesce(redeemed, 0) - coalesce(expired, 0) + coalesce(adjusted, 0)) OVER (ORDER BY period_start) AS liability
      FROM months`,
};
