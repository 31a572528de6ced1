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
  rank_best: number | null;
  is_best_three: boolean;
  is_worst_three: boolean;
}

export function storeIdentification(q: SnapshotQuery): Promise<StoreIdentificationRow[]> {
  return q.all<StoreIdentificationRow>(`
    SELECT store_id, coalesce(store_name, store_id) AS store_name, coalesce(city, '') AS city, ${isoDate("period_start")} AS period_start,
      receipts::DOUBLE AS receipts, identified_receipts::DOUBLE AS identified_receipts, round(identified_share, 5)::DOUBLE AS identified_share,
      rank_best::DOUBLE AS rank_best, coalesce(is_best_three, false) AS is_best_three, coalesce(is_worst_three, false) AS is_worst_three
    FROM ${q.scan("mart_store_identification")} ORDER BY period_start, store_id`);
}
