/**
 * Target segments for the "Segments" page: every kept run from segment_runs (one summary row per
 * run: size, target/control, reach by channel, cost, expected response, entered/exited), the latest
 * run of each segment, and that run's composition by CVM stage and RFM segment — counts from
 * segment_members joined with mart_customer_features. Member ids, card numbers and contacts never
 * leave here: only counts per segment, stage and RFM segment.
 * When the snapshot has no segment tables (published before segments existed, or no segment was
 * run), `status` says so and the lists are empty.
 */
import type { Selectable } from "kysely";
import type { SegmentRunsTable } from "../src/db/tables/segment-tables.js";
import { isoDate, segmentLabelSql, type SnapshotQuery } from "./query-snapshot.js";

/** A row of segment_runs as the page gets it: dates as text. */
export type SegmentRunRow = Omit<Selectable<SegmentRunsTable>, "as_of" | "ran_at"> & {
  /** The date the models described when the segment was run (YYYY-MM-DD). */
  as_of: string;
  /** When the run was made, UTC, "YYYY-MM-DD HH:MM". */
  ran_at: string;
};

export interface SegmentComposition {
  segment: string;
  run_id: number;
  /** "cvm_stage" or "rfm_segment". */
  dimension: string;
  /** The stage or RFM segment; "(none)" for members without one (no purchases, or not in the features). */
  value: string;
  members: number;
}

export interface Segments {
  status: string;
  /** The latest run of each segment, by title. */
  latest: SegmentRunRow[];
  /** Every kept run, newest first. */
  runs: SegmentRunRow[];
  composition: SegmentComposition[];
  /** The date mart_customer_features describes (the composition is read from it), or null. */
  features_as_of: string | null;
}

const RUN_COLUMNS = `run_id::DOUBLE AS run_id, segment, title, campaign_id, ${isoDate("as_of")} AS as_of,
  strftime(ran_at, '%Y-%m-%d %H:%M') AS ran_at, control_share::DOUBLE AS control_share,
  members::DOUBLE AS members, target_members::DOUBLE AS target_members, control_members::DOUBLE AS control_members,
  reach_push::DOUBLE AS reach_push, reach_messenger::DOUBLE AS reach_messenger, reach_email::DOUBLE AS reach_email, reach_sms::DOUBLE AS reach_sms,
  unreachable::DOUBLE AS unreachable, round(estimated_cost, 2)::DOUBLE AS estimated_cost,
  round(expected_response_rate, 6)::DOUBLE AS expected_response_rate, previous_run_id::DOUBLE AS previous_run_id,
  entered::DOUBLE AS entered, exited::DOUBLE AS exited`;

export async function segments(q: SnapshotQuery): Promise<Segments> {
  if (!q.has("segment_runs")) {
    return {
      status: "missing: the snapshot has no segment_runs (no segment was run before it was published)",
      latest: [], runs: [], composition: [], features_as_of: null,
    };
  }
  const runs = await q.all<SegmentRunRow>(`SELECT ${RUN_COLUMNS} FROM ${q.scan("segment_runs")} ORDER BY run_id DESC`);
  const latest = latestRuns(runs);
  let composition: SegmentComposition[] = [];
  let featuresAsOf: string | null = null;
  if (latest.length && q.has("segment_members")) {
    const hasFeatures = q.has("mart_customer_features");
    if (hasFeatures) {
      [{ as_of: featuresAsOf }] = await q.all<{ as_of: string | null }>(`SELECT ${isoDate("max(as_of)")} AS as_of FROM ${q.scan("mart_customer_features")}`);
    }
    const [stage, rfm, features] = hasFeatures
      ? ["f.cvm_stage", "f.rfm_segment", `LEFT JOIN (SELECT customer_id, cvm_stage, rfm_segment FROM ${q.scan("mart_customer_features")}) f USING (customer_id)`]
      : ["NULL", "NULL", ""];
    // only the latest run's members; GROUPING SETS gives both breakdowns in one pass
    composition = await q.all<SegmentComposition>(`
      WITH latest AS (
        SELECT segment, run_id FROM ${q.scan("segment_runs")} WHERE run_id IN (${latest.map((r) => r.run_id).join(", ")})
      ),
      members AS (
        SELECT l.segment, l.run_id, coalesce(${stage}, '(none)') AS cvm_stage, coalesce(${rfm}, '(none)') AS rfm_segment
        FROM latest l JOIN (SELECT run_id, customer_id FROM ${q.scan("segment_members")}) m USING (run_id)
        ${features}
      )
      SELECT segment, run_id::DOUBLE AS run_id,
        CASE WHEN grouping(cvm_stage) = 0 THEN 'cvm_stage' ELSE 'rfm_segment' END AS dimension,
        coalesce(cvm_stage, ${segmentLabelSql("rfm_segment")}) AS value, count(*)::DOUBLE AS members
      FROM members
      GROUP BY GROUPING SETS ((segment, run_id, cvm_stage), (segment, run_id, rfm_segment))
      ORDER BY segment, dimension, members DESC, value`);
  }
  return { status: runs.length ? "ok" : "empty: segment_runs has no rows", latest, runs, composition, features_as_of: featuresAsOf };
}

/** The newest run of each segment (`runs` is newest first), ordered by segment name as DuckDB orders text. */
function latestRuns(runs: SegmentRunRow[]): SegmentRunRow[] {
  const bySegment = new Map<string, SegmentRunRow>();
  for (const run of runs) if (!bySegment.has(run.segment)) bySegment.set(run.segment, run);
  return [...bySegment.values()].sort((a, b) => (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0));
}
