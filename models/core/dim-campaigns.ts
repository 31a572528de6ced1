import type { SqlModel } from "../model.js";
import { segmentCampaignMembersSql } from "./segment-campaign-members.js";

/**
 * Every campaign to evaluate: those of the campaigns feed, and those made by delivered segment runs
 * (dated from their first member's offer to their last one's; a campaign of the feed with the same
 * id wins).
 */
export const dimCampaigns: SqlModel = {
  kind: "sql",
  name: "dim_campaigns",
  description: "Campaigns from the campaigns feed and from delivered segment runs, with their dates, channel, goal and the feed's cost.",
  layer: "core",
  grain: ["campaign_id"],
  sql: (ctx) => `SELECT campaign_id, name, mechanic, channel, start_date, end_date, control_share::DOUBLE AS control_share, goal, 'feed' AS source,
      cost::DOUBLE AS cost
      FROM ${ctx.source("stg_campaigns")}
    UNION ALL
    SELECT campaign_id, any_value(name), 'segment:' || any_value(segment), 'cascade', min(start_date), max(end_date), any_value(control_share), NULL, 'segment', NULL
      FROM (${segmentCampaignMembersSql(ctx)}) GROUP BY campaign_id`,
  tests: [{ kind: "accepted_values", column: "source", values: ["feed", "segment"] }],
};
