/**
 * Campaign membership of segment runs, recorded when a run is delivered (a sync of it succeeded):
 * each member joins the run's campaign once, in the run's arm, with the run's offer validity as
 * their window. Kept apart from the runs' member lists, which are pruned, so a campaign's results
 * never change because old lists were cleaned up.
 */
import type { NotNull } from "kysely";
import { db, now } from "../src/db/query-builder.js";
import type { Warehouse } from "../src/db/warehouse.js";

/**
 * Enrols, when a run is delivered, the members not yet in its campaign: those of the run, and those
 * of the segment's earlier runs whose offers are still valid (the till's list carries them, even
 * when the run that made them was never delivered), each from the newest run that had them.
 * Runs without an offer make no campaign.
 */
export async function enrolDeliveredRun(wh: Warehouse, runId: number): Promise<void> {
  const thisRun = db.selectFrom("segment_runs").select(["segment", "as_of"]).where("run_id", "=", runId);
  const offered = db
    .selectFrom("segment_members as m")
    .innerJoin("segment_runs as r", "r.run_id", "m.run_id")
    .innerJoin(thisRun.as("this"), "this.segment", "r.segment")
    .select((eb) => [
      "r.campaign_id", "m.customer_id", eb.case().when("m.is_control", "=", true).then("control" as const).else("target" as const).end().as("arm"),
      "m.valid_from as start_date", "m.valid_to as end_date", "r.segment", "r.title", "r.control_share", "r.run_id",
      eb.fn.agg<number>("row_number").over((over) => over.partitionBy(["r.campaign_id", "m.customer_id"]).orderBy("m.run_id", "desc")).as("newest"),
    ])
    .where("m.run_id", "<=", runId)
    .where("m.valid_from", "is not", null)
    .where((eb) => eb.or([eb("m.run_id", "=", runId), eb("m.valid_to", ">", eb.ref("this.as_of"))]))
    // an offer's window has both ends
    .$narrowType<{ start_date: NotNull; end_date: NotNull }>();
  await wh.execute(
    db.insertInto("campaign_enrolments")
      .columns(["campaign_id", "customer_id", "arm", "start_date", "end_date", "segment", "title", "control_share", "run_id", "enrolled_at"])
      .expression(
        db.selectFrom(offered.as("o"))
          .select(["o.campaign_id", "o.customer_id", "o.arm", "o.start_date", "o.end_date", "o.segment", "o.title", "o.control_share", "o.run_id", now.as("enrolled_at")])
          .where("o.newest", "=", 1)
          .where(({ not, exists, selectFrom }) => not(exists(
            selectFrom("campaign_enrolments as e").select("e.customer_id").whereRef("e.campaign_id", "=", "o.campaign_id").whereRef("e.customer_id", "=", "o.customer_id"),
          ))),
      ),
  );
}
