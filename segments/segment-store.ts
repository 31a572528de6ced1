/**
 * Where segment runs are kept: one summary row per run and the member list of each run (the
 * snapshot the next run's entered/exited diff and the destinations' syncs are computed from), and the
 * campaign membership of delivered runs (campaign-enrolment.ts).
 */
import type { Selectable } from "kysely";
import { db } from "../src/db/query-builder.js";
import { SEGMENT_TABLES, type SegmentRunsTable } from "../src/db/tables/segment-tables.js";
import { tablesDdl } from "../src/db/tables/table.js";
import type { Warehouse } from "../src/db/warehouse.js";

/** Makes the segment tables (src/db/tables/segment-tables.ts), or brings an older version's up to date. */
export async function ensureSegmentTables(wh: Warehouse): Promise<void> {
  await wh.exec(tablesDdl(SEGMENT_TABLES));
}

/** A segment's newest runs, newest first. */
export async function segmentRuns(wh: Warehouse, segment: string, limit: number): Promise<Selectable<SegmentRunsTable>[]> {
  return wh.query(db.selectFrom("segment_runs").selectAll().where("segment", "=", segment).orderBy("run_id", "desc").limit(limit));
}

export async function latestRun(wh: Warehouse, segment: string): Promise<Selectable<SegmentRunsTable> | undefined> {
  return (await segmentRuns(wh, segment, 1))[0];
}

/**
 * Keeps the member lists of the newest `keep` runs of a segment, and of older runs whose offers are
 * still valid (the till honours them until they expire); summary rows stay.
 */
export async function pruneRunMembers(wh: Warehouse, segment: string, keep: number): Promise<void> {
  const runsOf = db.selectFrom("segment_runs").where("segment", "=", segment);
  await wh.execute(
    db.deleteFrom("segment_members")
      .where("run_id", "in", runsOf.select("run_id").orderBy("run_id", "desc").offset(keep))
      .where("run_id", "not in", (eb) =>
        eb.selectFrom("segment_members as m")
          .innerJoin("segment_runs as r", "r.run_id", "m.run_id")
          .select("m.run_id")
          .where("r.segment", "=", segment)
          .where("m.valid_to", ">", runsOf.select((eb) => eb.fn.max("as_of").as("as_of"))),
      ),
  );
}

/** Members who entered (in `toRun`, not in `fromRun`) or exited, by customer id. */
export async function diffMembers(wh: Warehouse, fromRun: number, toRun: number, change: "entered" | "exited", limit: number): Promise<string[]> {
  const [inRun, notInRun] = change === "entered" ? [toRun, fromRun] : [fromRun, toRun];
  const membersOf = (runId: number) => db.selectFrom("segment_members").select("customer_id").where("run_id", "=", runId);
  const rows = await wh.query(membersOf(inRun).except(membersOf(notInRun)).orderBy("customer_id").limit(limit));
  return rows.map((r) => r.customer_id);
}
