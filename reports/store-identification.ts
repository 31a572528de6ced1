/** Identified-receipt share per store and month, with the ranks that mark the best and worst three. */
import { isoDate, type SnapshotQuery } from "./query-snapshot.js";

export interface StoreIdentificationRow {
  store_id: string;
  store_name: string;
  city: string;
  period_start: string;
  receipts: number;
  identified_receipts: number;
  identified_share: number;
  /** Enough receipts in the month to be ranked (the config's minimum); an unranked store has no rank. */
  is_ranked: boolean;
  rank_best: number | null;
  is_best_three: boolean;
  is_worst_three: boolean;
}

export async function storeIdentification(q: SnapshotQuery): Promise<StoreIdentificationRow[]> {
  return q.all<StoreIdentificationRow>(`
    SELECT store_id, coalesce(store_name, store_id) AS store_name, coalesce(city, '') AS city, ${isoDate("period_start")} AS period_start,
      receipts::DOUBLE AS receipts, identified_receipts::DOUBLE AS identified_receipts, round(identified_share, 5)::DOUBLE AS identified_share,
      ${(await q.columns("mart_store_identification")).includes("is_ranked") ? "is_ranked" : "true"} AS is_ranked, rank_best::DOUBLE AS rank_best, coalesce(is_best_three, false) AS is_best_three, coalesce(is_worst_three, false) AS is_worst_three
    FROM ${q.scan("mart_store_identification")} ORDER BY period_start, store_id`);
}
