import type { SqlModel } from "../model.js";
import { segmentCampaignMembersSql } from "./segment-campaign-members.js";

/**
 * Who was in which campaign, in which arm, over which window: the campaign's dates for members of
 * the campaign-members feed; for segment campaigns, each member's own offer validity (a trigger
 * campaign's members enter on different days).
 */
export const fctCampaignMembers: SqlModel = {
  kind: "sql",
  name: "fct_campaign_members",
  description: "Campaign members (feed and delivered segment runs): arm and the member's own campaign window.",
  layer: "core",
  grain: ["campaign_id", "customer_id"],
  dependsOn: ["stg_campaign_members", "stg_campaigns"],
  sql: (ctx) => `SELECT m.campaign_id, m.customer_id, m.arm, c.start_date, c.end_date
      FROM stg_campaign_members m JOIN stg_campaigns c USING (campaign_id)
    UNION ALL
    SELECT campaign_id, customer_id, arm, start_date, end_date FROM (${segmentCampaignMembersSql(ctx)})`,
  tests: [{ kind: "accepted_values", column: "arm", values: ["target", "control"] }],
};
