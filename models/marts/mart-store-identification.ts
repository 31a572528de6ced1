import type { SqlModel } from "../model.js";

/**
 * Stores ranked each month by the share of receipts with a card: the first lever of the programme
 * ("a chain that knows 5% of its customers can steer 5% of revenue"). The best and worst three
 * are flagged for the notebook. Only stores with enough receipts in the month are ranked
 * (`models.stores.minReceiptsToRank`): the others keep their share, with no rank and `is_ranked` false.
 */
export const martStoreIdentification: SqlModel = {
  kind: "sql",
  name: "mart_store_identification",
  description: "Identified-receipt share per store and month, ranked among stores with enough receipts, with the best and worst three flagged.",
  layer: "mart",
  grain: ["store_id", "period_start"],
  sql: (ctx) => `WITH shares AS (
        SELECT store_id, date_trunc('month', receipt_date)::DATE AS period_start, count(*) AS receipts,
          count(*) FILTER (WHERE is_identified) AS identified_receipts, count(*) FILTER (WHERE is_identified) / count(*) AS identified_share
        FROM ${ctx.ref("fct_receipts")} WHERE NOT is_return GROUP BY ALL
      )
      SELECT s.*, d.name AS store_name, d.city, s.receipts >= ${ctx.params.stores.minReceiptsToRank} AS is_ranked,
        CASE WHEN is_ranked THEN rank() OVER (PARTITION BY period_start, is_ranked ORDER BY identified_share DESC) END AS rank_best,
        CASE WHEN is_ranked THEN rank() OVER (PARTITION BY period_start, is_ranked ORDER BY identified_share ASC) END AS rank_worst,
        coalesce(rank_best <= 3, false) AS is_best_three, coalesce(rank_worst <= 3, false) AS is_worst_three
      FROM shares s LEFT JOIN ${ctx.ref("dim_stores")} d USING (store_id)`,
};
