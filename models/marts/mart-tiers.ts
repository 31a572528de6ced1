import type { SqlModel } from "../model.js";
import { nextTierSpend, tierRank } from "../core/tier-levels.js";

/**
 * The tier mix by month and the moves between tiers: for each tier at each month end, its members,
 * those new to the programme that month, those who kept it, those who came up from a lower tier or
 * down from a higher one (by the configured levels; a move from or to a tier the levels do not rank
 * is `arrived_unranked`, never guessed), those who left it up or down, their mean qualifying spend,
 * and how many are within 20 % of the next tier's qualifying spend (a tier upgrade is one good month away).
 * Moves compare month ends: two changes within one month that cancel are no move.
 */
export const martTiers: SqlModel = {
  kind: "sql",
  name: "mart_tiers",
  description: "Tier mix by month: members per tier at month end, new, kept, arrived up/down, left up/down, mean qualifying spend, members close to the next tier.",
  layer: "mart",
  grain: ["period_start", "tier"],
  sql: (ctx) => {
    const rank = (c: string) => tierRank(c, ctx);
    return `WITH t AS (
        SELECT *, ${rank("tier")} AS r, ${rank("previous_tier")} AS pr, ${nextTierSpend("tier", ctx)} AS next_spend
        FROM ${ctx.ref("fct_member_tiers")}
      ),
      arrived AS (
        SELECT period_start, tier, count(*) AS members,
          count(*) FILTER (WHERE is_new) AS new_members,
          count(*) FILTER (WHERE previous_tier = tier) AS kept,
          count(*) FILTER (WHERE previous_tier <> tier AND pr < r) AS arrived_up,
          count(*) FILTER (WHERE previous_tier <> tier AND pr > r) AS arrived_down,
          count(*) FILTER (WHERE previous_tier <> tier AND (pr IS NULL OR r IS NULL)) AS arrived_unranked,
          avg(qualifying_spend) AS avg_qualifying_spend,
          count(*) FILTER (WHERE next_spend IS NOT NULL AND qualifying_spend < next_spend AND qualifying_spend >= 0.8 * next_spend) AS close_to_next_tier
        FROM t GROUP BY ALL
      ),
      departed AS (
        SELECT period_start, previous_tier AS tier,
          count(*) FILTER (WHERE r > pr) AS left_up, count(*) FILTER (WHERE r < pr) AS left_down
        FROM t WHERE previous_tier <> tier GROUP BY ALL
      )
      SELECT period_start, tier, coalesce(a.members, 0) AS members,
        coalesce(a.members, 0) / sum(coalesce(a.members, 0)) OVER (PARTITION BY period_start) AS member_share,
        coalesce(a.new_members, 0) AS new_members, coalesce(a.kept, 0) AS kept, coalesce(a.arrived_up, 0) AS arrived_up,
        coalesce(a.arrived_down, 0) AS arrived_down, coalesce(a.arrived_unranked, 0) AS arrived_unranked,
        coalesce(d.left_up, 0) AS left_up, coalesce(d.left_down, 0) AS left_down,
        a.avg_qualifying_spend, coalesce(a.close_to_next_tier, 0) AS close_to_next_tier
      FROM arrived a FULL JOIN departed d USING (period_start, tier)`;
  },
};
