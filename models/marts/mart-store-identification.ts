import type { SqlModel } from "../model.js";

/**
 * Stores ranked each month by the share of receipts with a card: the first lever of the programme
 * ("a chain that knows 5% of its customers can steer 5% of revenue"). The best and worst three
 * are flagged for the notebook. Only stores with enough receipts in the month are ranked
 * (`models.stores.minReceiptsToRank`): the others keep their share, with no rank and `is_ranked` false.
 * The shares are mart_staff_kpi's store rows (one computation of the figure for both pages); a
 * month in which a store only issued cards has no share to rank.
 */
export const martStoreIdentification: SqlModel = {
  kind: "sql",
  name: "mart_store_identification",
  description: "Identified-receipt share per store and month, ranked among stores with enough receipts, with the best and worst three flagged.",
  layer: "mart",
  grain: ["store_id", "period_start"],
  sql: (ctx) => `WITH shares AS (
        SELECT store_id, period_start, receipts, identified_receipts, identified_share
        FROM ${ctx.ref("mart_staff_kpi")} WHERE level = 'store' AND receipts > 0
      )
      SELECT s.*, d.name AS store_name, d.city, s.receipts >= ${ctx.params.stores.minReceiptsToRank} AS is_ranked,
        CASE WHEN is_ranked THEN rank() OVER (PARTITION BY period_start, is_ranked ORDER BY identified_share DESC) END AS rank_best,
        CASE WHEN is_ranked THEN rank() OVER (PARTITION BY period_start, is_ranked ORDER BY identified_share ASC) END AS rank_worst,
        coalesce(rank_best <= 3, false) AS is_best_three, coalesce(rank_worst <= 3, false) AS is_worst_three
      FROM shares s LEFT JOIN ${ctx.ref("dim_stores")} d USING (store_id)`,
};
