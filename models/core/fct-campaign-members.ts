import type { SqlModel } from "../model.js";
import { segmentCampaignMembersSql } from "./segment-campaign-members.js";

/**
 * Who was in which campaign, in which arm, over which window: the campaign's dates for members of
 * the campaign-members feed; for segment campaigns, each member's own offer validity (a trigger
 * campaign's members enter on different days). `member_id` is what purchases are matched on, as in
 * fct_receipts: the customer (named in the feed, or behind the member's card), else the card.
 */
export const fctCampaignMembers: SqlModel = {
  kind: "sql",
  name: "fct_campaign_members",
  description: "Campaign members (feed and delivered segment runs): arm and the member's own campaign window.",
  layer: "core",
  grain: ["campaign_id", "member_id"],
  sql: (ctx) => `SELECT * FROM (
      SELECT m.campaign_id, coalesce(m.customer_id, k.customer_id, 'card:' || m.card_number) AS member_id,
        coalesce(m.customer_id, k.customer_id) AS customer_id, m.card_number, m.arm, c.start_date, c.end_date
      FROM ${ctx.source("stg_campaign_members")} m JOIN ${ctx.source("stg_campaigns")} c USING (campaign_id) LEFT JOIN ${ctx.source("stg_cards")} k ON k.card_number = m.card_number
      -- a member listed by customer id and again by card is one member: the first listing counts
      QUALIFY row_number() OVER (PARTITION BY m.campaign_id, coalesce(m.customer_id, k.customer_id, 'card:' || m.card_number) ORDER BY m._file_id, m._line) = 1
    )
    UNION ALL
    SELECT campaign_id, customer_id, customer_id, NULL, arm, start_date, end_date FROM (${segmentCampaignMembersSql(ctx)})`,
  tests: [{ kind: "accepted_values", column: "arm", values: ["target", "control"] }],
};
