import type { ModelContext } from "../model.js";

/**
 * Members of campaigns made by delivered segment runs (segments/campaign-enrolment.ts), whose offer
 * window has begun by the build date; a campaign of the feed with the same id wins. Before any
 * segment run was delivered, there are none.
 */
export function segmentCampaignMembersSql(ctx: ModelContext): string {
  if (!ctx.tables?.has("campaign_enrolments")) {
    return `SELECT NULL::VARCHAR AS campaign_id, NULL::VARCHAR AS name, NULL::VARCHAR AS segment, NULL::DOUBLE AS control_share,
      NULL::VARCHAR AS customer_id, NULL::VARCHAR AS arm, NULL::DATE AS start_date, NULL::DATE AS end_date WHERE false`;
  }
  return `SELECT campaign_id, title AS name, segment, control_share, customer_id, arm, start_date, end_date
    FROM ${ctx.source("campaign_enrolments")}
    WHERE start_date <= DATE '${ctx.asOf}' AND campaign_id NOT IN (SELECT campaign_id FROM ${ctx.source("stg_campaigns")})`;
}
