/**
 * Campaign membership of segment runs, recorded when a run is delivered (a sync of it succeeded):
 * each member joins the run's campaign once, in the run's arm, with the run's offer validity as
 * their window. Kept apart from the runs' member lists, which are pruned, so a campaign's results
 * never change because old lists were cleaned up.
 */
import type { Warehouse } from "../src/db/warehouse.js";

export interface CampaignEnrolmentsTable {
  campaign_id: string;
  customer_id: string;
  arm: "target" | "control";
  start_date: Date;
  end_date: Date;
  segment: string;
  title: string;
  control_share: number;
  run_id: number;
  enrolled_at: Date;
}

export const CAMPAIGN_ENROLMENTS_DDL = `CREATE TABLE IF NOT EXISTS campaign_enrolments (
  campaign_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, arm VARCHAR NOT NULL, start_date DATE NOT NULL, end_date DATE NOT NULL,
  segment VARCHAR NOT NULL, title VARCHAR NOT NULL, control_share DOUBLE NOT NULL, run_id INTEGER NOT NULL, enrolled_at TIMESTAMP NOT NULL
);`;

/**
 * Enrols, when a run is delivered, the members not yet in its campaign: those of the run, and those
 * of the segment's earlier runs whose offers are still valid (the till's list carries them, even
 * when the run that made them was never delivered), each from the newest run that had them.
 * Runs without an offer make no campaign.
 */
export async function enrolDeliveredRun(wh: Warehouse, runId: number): Promise<void> {
  await wh.exec(
    `INSERT INTO campaign_enrolments
     WITH this AS (SELECT segment, as_of FROM segment_runs WHERE run_id = $1),
     offered AS (
       SELECT r.campaign_id, m.customer_id, CASE WHEN m.is_control THEN 'control' ELSE 'target' END AS arm, m.valid_from, m.valid_to,
         r.segment, r.title, r.control_share, r.run_id
       FROM segment_members m JOIN segment_runs r USING (run_id), this
       WHERE r.segment = this.segment AND m.run_id <= $1 AND m.valid_from IS NOT NULL AND (m.run_id = $1 OR m.valid_to > this.as_of)
       QUALIFY row_number() OVER (PARTITION BY r.campaign_id, m.customer_id ORDER BY m.run_id DESC) = 1
     )
     SELECT o.*, now() FROM offered o
     WHERE NOT EXISTS (SELECT 1 FROM campaign_enrolments e WHERE e.campaign_id = o.campaign_id AND e.customer_id = o.customer_id)`,
    [runId],
  );
}
