/**
 * Where segment runs are kept: one summary row per run and the member list of each run (the
 * snapshot the next run's entered/exited diff and the destinations' syncs are computed from).
 */
import type { Warehouse } from "../src/db/warehouse.js";
import { CAMPAIGN_ENROLMENTS_DDL } from "./campaign-enrolment.js";
import type { Channel } from "./channel-cascade.js";

export interface SegmentRunsTable {
  run_id: number;
  segment: string;
  title: string;
  campaign_id: string;
  /** Identity of what the run was made from: definition, settings and the features build (run-segment.ts). */
  definition_sha256: string;
  as_of: Date;
  ran_at: Date;
  control_share: number;
  members: number;
  control_members: number;
  target_members: number;
  reach_push: number;
  reach_messenger: number;
  reach_email: number;
  reach_sms: number;
  unreachable: number;
  estimated_cost: number;
  /** Share of target members expected to buy within the offer's validity anyway (BG/NBD), null if not fitted. */
  expected_response_rate: number | null;
  previous_run_id: number | null;
  entered: number;
  exited: number;
}

export interface SegmentMembersTable {
  run_id: number;
  customer_id: string;
  card_number: string | null;
  is_control: boolean;
  channel: Channel | null;
  offer_code: string | null;
  offer_text: string | null;
  valid_from: Date | null;
  valid_to: Date | null;
}

export async function ensureSegmentTables(wh: Warehouse): Promise<void> {
  await wh.exec(`CREATE SEQUENCE IF NOT EXISTS segment_run_seq START 1;
    CREATE TABLE IF NOT EXISTS segment_runs (
      run_id INTEGER PRIMARY KEY, segment VARCHAR NOT NULL, title VARCHAR NOT NULL, campaign_id VARCHAR NOT NULL,
      definition_sha256 VARCHAR NOT NULL, as_of DATE NOT NULL, ran_at TIMESTAMP NOT NULL, control_share DOUBLE NOT NULL,
      members BIGINT NOT NULL, control_members BIGINT NOT NULL, target_members BIGINT NOT NULL,
      reach_push BIGINT NOT NULL, reach_messenger BIGINT NOT NULL, reach_email BIGINT NOT NULL, reach_sms BIGINT NOT NULL,
      unreachable BIGINT NOT NULL, estimated_cost DOUBLE NOT NULL, expected_response_rate DOUBLE,
      previous_run_id INTEGER, entered BIGINT NOT NULL, exited BIGINT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS segment_members (
      run_id INTEGER NOT NULL, customer_id VARCHAR NOT NULL, card_number VARCHAR, is_control BOOLEAN NOT NULL,
      channel VARCHAR, offer_code VARCHAR, offer_text VARCHAR, valid_from DATE, valid_to DATE
    );
    ${CAMPAIGN_ENROLMENTS_DDL}`);
}

/** A segment's newest runs, newest first. */
export async function segmentRuns(wh: Warehouse, segment: string, limit: number): Promise<SegmentRunsTable[]> {
  return wh.all<SegmentRunsTable>("SELECT * FROM segment_runs WHERE segment = $1 ORDER BY run_id DESC LIMIT $2", [segment, limit]);
}

export async function latestRun(wh: Warehouse, segment: string): Promise<SegmentRunsTable | undefined> {
  return (await segmentRuns(wh, segment, 1))[0];
}

/**
 * Keeps the member lists of the newest `keep` runs of a segment, and of older runs whose offers are
 * still valid (the till honours them until they expire); summary rows stay.
 */
export async function pruneRunMembers(wh: Warehouse, segment: string, keep: number): Promise<void> {
  await wh.exec(
    `DELETE FROM segment_members WHERE run_id IN (
      SELECT run_id FROM segment_runs WHERE segment = $1 ORDER BY run_id DESC OFFSET $2
    ) AND run_id NOT IN (
      SELECT m.run_id FROM segment_members m JOIN segment_runs r USING (run_id)
      WHERE r.segment = $1 AND m.valid_to > (SELECT max(as_of) FROM segment_runs WHERE segment = $1)
    )`,
    [segment, keep],
  );
}

/** Members who entered (in `toRun`, not in `fromRun`) or exited, by customer id. */
export async function diffMembers(wh: Warehouse, fromRun: number, toRun: number, change: "entered" | "exited", limit: number): Promise<string[]> {
  const [inRun, notInRun] = change === "entered" ? [toRun, fromRun] : [fromRun, toRun];
  const rows = await wh.all<{ customer_id: string }>(
    `SELECT customer_id FROM segment_members WHERE run_id = $1
     EXCEPT SELECT customer_id FROM segment_members WHERE run_id = $2 ORDER BY customer_id LIMIT $3`,
    [inRun, notInRun, limit],
  );
  return rows.map((r) => r.customer_id);
}
