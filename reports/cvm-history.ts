/** CVM lifecycle stages by month end: members and share per stage, and the loyal-core share against its 30–40% benchmark. */
import { isoDate, type SnapshotQuery } from "./query-snapshot.js";

export interface CvmHistoryRow {
  as_of: string;
  stage: string;
  members: number;
  share: number;
  loyal_core_share: number | null;
  benchmark_low: number;
  benchmark_high: number;
}

export function cvmHistory(q: SnapshotQuery): Promise<CvmHistoryRow[]> {
  return q.all<CvmHistoryRow>(`
    SELECT ${isoDate("as_of")} AS as_of, stage, members::DOUBLE AS members, round(share, 5)::DOUBLE AS share,
      round(loyal_core_share, 5)::DOUBLE AS loyal_core_share, loyal_core_benchmark_low::DOUBLE AS benchmark_low,
      loyal_core_benchmark_high::DOUBLE AS benchmark_high
    FROM ${q.scan("mart_cvm_history")} ORDER BY as_of, stage`);
}
