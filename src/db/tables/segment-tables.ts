/**
 * Segment runs: one summary row per run, the member list of each run (the snapshot the next run's
 * diff and the destinations' syncs are computed from), and the campaign membership recorded when a
 * run is delivered (kept apart from the pruned member lists, so a campaign's results never change).
 */
import type { MESSAGE_CHANNELS } from "../schema.js";
import { bigint, boolean, date, double, integer, table, timestamp, varchar, type TableOf } from "./table.js";

export const segmentRuns = table(
  "segment_runs",
  {
    run_id: integer(),
    segment: varchar(),
    title: varchar(),
    campaign_id: varchar(),
    /** Identity of what the run was made from: definition, settings and the features build (run-segment.ts). */
    definition_sha256: varchar(),
    as_of: date(),
    ran_at: timestamp(),
    control_share: double(),
    members: bigint(),
    control_members: bigint(),
    target_members: bigint(),
    reach_push: bigint(),
    reach_messenger: bigint(),
    reach_email: bigint(),
    reach_sms: bigint(),
    unreachable: bigint(),
    estimated_cost: double(),
    /** Share of target members expected to buy within the offer's validity anyway (BG/NBD), null if not fitted. */
    expected_response_rate: double().nullable(),
    previous_run_id: integer().nullable(),
    entered: bigint(),
    exited: bigint(),
  },
  { key: ["run_id"], sequence: "segment_run_seq" },
);

export const segmentMembers = table("segment_members", {
  run_id: integer(),
  customer_id: varchar(),
  card_number: varchar().nullable(),
  is_control: boolean(),
  channel: varchar<(typeof MESSAGE_CHANNELS)[number]>().nullable(),
  offer_code: varchar().nullable(),
  offer_text: varchar().nullable(),
  valid_from: date().nullable(),
  valid_to: date().nullable(),
});

export const campaignEnrolments = table("campaign_enrolments", {
  campaign_id: varchar(),
  customer_id: varchar(),
  arm: varchar<"target" | "control">(),
  start_date: date(),
  end_date: date(),
  segment: varchar(),
  title: varchar(),
  control_share: double(),
  run_id: integer(),
  enrolled_at: timestamp(),
});

export const SEGMENT_TABLES = [segmentRuns, segmentMembers, campaignEnrolments] as const;

export type SegmentRunsTable = TableOf<typeof segmentRuns>;
export type SegmentMembersTable = TableOf<typeof segmentMembers>;
export type CampaignEnrolmentsTable = TableOf<typeof campaignEnrolments>;
