/** The diagnosis of the last month diagnosed (mart_diagnosis), for the «Диагноз месяца» page: counts and sentences, no member. */
import type { DiagnosisRow } from "../models/marts/mart-diagnosis.js";
import { isoDate, type SnapshotQuery } from "./query-snapshot.js";

export function diagnosis(q: SnapshotQuery): Promise<DiagnosisRow[]> {
  if (!q.has("mart_diagnosis")) return Promise.resolve([]);
  const table = q.scan("mart_diagnosis");
  return q.all<DiagnosisRow>(`
    SELECT ${isoDate("period_start")} AS period_start, comparison, rank::DOUBLE AS rank, dimension, cell, metric, impact::DOUBLE AS impact,
      p_value::DOUBLE AS p_value, significant, explained_by, sentence, mechanic, page
    FROM ${table} WHERE period_start = (SELECT max(period_start) FROM ${table}) ORDER BY comparison DESC, rank`);
}
