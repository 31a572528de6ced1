import type { SqlModel } from "../model.js";

/**
 * Stores ranked each month by the share of receipts with a card: the first lever of the programme
 * ("a chain that knows 5% of its customers can steer 5% of revenue"). The best and worst three
 * are flagged for the notebook.
 */
export const martStoreIdentification: SqlModel = {
  kind: "sql",
  name: "mart_store_identification",
  description: "Identified-receipt share per store and month, ranked, with the best and worst three flagged.",
  layer: "mart",
  grain: ["store_id", "period_start"],
  dependsOn: ["fct_receipts", "dim_stores"],
  sql: () => `WITH shares AS (
        SELECT store_id, date_trunc('month', receipt_date)::DATE AS period_start, count(*) AS receipts,
          count(*) FILTER (WHERE is_identified) AS identified_receipts, count(*) FILTER (WHERE is_identified) / count(*) AS identified_share
        FROM fct_receipts WHERE NOT is_return GROUP BY ALL
      )
      SELECT s.*, d.name AS store_name, d.city,
        rank() OVER (PARTITION BY period_start ORDER BY identified_share DESC) AS rank_best,
        rank() OVER (PARTITION BY period_start ORDER BY identified_share ASC) AS rank_worst,
        rank_best <= 3 AS is_best_three, rank_worst <= 3 AS is_worst_three
      FROM shares s LEFT JOIN dim_stores d USING (store_id)`,
};
