/** Members moving between CVM stages from one month end to the next. */
import { isoDate, type SnapshotQuery } from "./query-snapshot.js";

export interface CvmTransitionRow {
  as_of: string;
  from_date: string;
  from_stage: string;
  to_stage: string;
  members: number;
}

export function cvmTransitions(q: SnapshotQuery): Promise<CvmTransitionRow[]> {
  return q.all<CvmTransitionRow>(`
    SELECT ${isoDate("as_of")} AS as_of, ${isoDate("from_date")} AS from_date, from_stage, to_stage, members::DOUBLE AS members
    FROM ${q.scan("mart_cvm_transitions")} ORDER BY as_of, from_stage, to_stage`);
}
