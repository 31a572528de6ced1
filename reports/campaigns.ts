/**
 * Campaign results for the "Campaigns" page: one row per campaign from mart_campaign_results
 * (target against control, uplifts with 95% intervals, money, goal) and the day-by-day curves of
 * mart_campaign_daily. Both marts are aggregates by campaign and arm: no member id leaves here.
 * When the snapshot has no campaign marts, `status` says so and the lists are empty.
 */
import type { CampaignIdentity } from "../models/marts/mart-campaign-results.js";
import { isoDate, type SnapshotQuery } from "./query-snapshot.js";

export interface CampaignResult extends CampaignIdentity {
  /** The last day counted: the window's end, or the last day of data while the window is open. */
  measured_to: string;
  /** false while the window is still open: the result is provisional. */
  window_complete: boolean;
  measurable: boolean;
  verdict: string;
  target_members: number;
  control_members: number;
  response_rate_target: number | null;
  response_rate_control: number | null;
  response_uplift: number | null;
  response_uplift_low: number | null;
  response_uplift_high: number | null;
  response_p_value: number | null;
  response_significant: boolean | null;
  revenue_per_member_target: number | null;
  revenue_per_member_control: number | null;
  revenue_uplift: number | null;
  revenue_uplift_low: number | null;
  revenue_uplift_high: number | null;
  relative_revenue_uplift: number | null;
  revenue_p_value: number | null;
  revenue_significant: boolean | null;
  receipts_per_member_target: number | null;
  receipts_per_member_control: number | null;
  avg_check_target: number | null;
  avg_check_control: number | null;
  bonuses_per_member_target: number | null;
  bonuses_per_member_control: number | null;
  discounts_per_member_target: number | null;
  discounts_per_member_control: number | null;
  incremental_revenue: number | null;
  margin_rate: number | null;
  incremental_margin: number | null;
  reward_cost: number | null;
  message_cost: number | null;
  cost: number | null;
  roi: number | null;
  reactivated_share: number | null;
  goal: string | null;
  goal_metric: string | null;
  goal_target: number | null;
  goal_actual: number | null;
  goal_status: string | null;
}

export interface CampaignDay {
  campaign_id: string;
  arm: string;
  day: string;
  day_of_campaign: number;
  members: number;
  buyers: number;
  buyer_share: number;
  revenue_per_member: number;
}

export interface Campaigns {
  status: string;
  results: CampaignResult[];
  daily: CampaignDay[];
}

export async function campaigns(q: SnapshotQuery): Promise<Campaigns> {
  if (!q.has("mart_campaign_results")) {
    return { status: "missing: the snapshot has no mart_campaign_results (the campaign models have not been built and published)", results: [], daily: [] };
  }
  // a snapshot published before windows were clipped at the data has neither column
  const clipped = (await q.columns("mart_campaign_results")).includes("measured_to");
  const results = await q.all<CampaignResult>(`
    SELECT * EXCLUDE (start_date, end_date, window_end, target_members, control_members${clipped ? ", measured_to" : ""}),
      ${isoDate("start_date")} AS start_date, ${isoDate("end_date")} AS end_date, ${isoDate("window_end")} AS window_end,
      ${clipped ? isoDate("measured_to") : isoDate("window_end")} AS measured_to${clipped ? "" : ", true AS window_complete"},
      target_members::DOUBLE AS target_members, control_members::DOUBLE AS control_members
    FROM ${q.scan("mart_campaign_results")}
    ORDER BY start_date, campaign_id`);
  const daily = q.has("mart_campaign_daily")
    ? await q.all<CampaignDay>(`
        SELECT campaign_id, arm, ${isoDate("day")} AS day, day_of_campaign::DOUBLE AS day_of_campaign, members::DOUBLE AS members,
          buyers::DOUBLE AS buyers, round(buyer_share, 6)::DOUBLE AS buyer_share, round(revenue_per_member, 4)::DOUBLE AS revenue_per_member
        FROM ${q.scan("mart_campaign_daily")}
        ORDER BY campaign_id, arm, day`)
    : [];
  return { status: results.length ? "ok" : "empty: no campaigns in the snapshot", results, daily };
}
