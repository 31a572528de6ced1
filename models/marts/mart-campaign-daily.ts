import type { SqlModel } from "../model.js";

/**
 * The curves of a campaign: target against control, day by day from two weeks before to the end of
 * the measured window, and never past the build date (an open window's curves stop at the data).
 */
export const martCampaignDaily: SqlModel = {
  kind: "sql",
  name: "mart_campaign_daily",
  description: "Target vs control by day around each campaign: buyers and revenue per member, for the curves over time.",
  layer: "mart",
  grain: ["campaign_id", "arm", "day"],
  sql: ({ params, asOf, ref }) => `WITH arms AS (SELECT campaign_id, arm, count(*) AS members FROM ${ref("fct_campaign_members")} GROUP BY ALL),
      days AS (
        SELECT c.campaign_id, a.arm, a.members, d::DATE AS day, (d::DATE - c.start_date) AS day_of_campaign
        FROM ${ref("dim_campaigns")} c JOIN arms a USING (campaign_id),
          range(c.start_date - INTERVAL 14 DAY, least(c.end_date + INTERVAL ${params.campaigns.afterWindowDays + 1} DAY, DATE '${asOf}' + INTERVAL 1 DAY), INTERVAL 1 DAY) t(d)
      ),
      -- only the days the curves show (the window of days above)
      sales AS (
        SELECT m.campaign_id, m.arm, f.receipt_date AS day, count(DISTINCT f.member_id) AS buyers, CASE WHEN count(f.net_amount) = count(*) THEN sum(f.net_amount) END AS revenue
        FROM ${ref("fct_campaign_members")} m JOIN ${ref("dim_campaigns")} c USING (campaign_id)
          JOIN ${ref("fct_receipts")} f ON f.member_id = m.member_id
            AND f.receipt_date BETWEEN c.start_date - 14 AND least(c.end_date + ${params.campaigns.afterWindowDays}, DATE '${asOf}')
        GROUP BY ALL
      )
      SELECT d.campaign_id, d.arm, d.day, d.day_of_campaign, d.members, coalesce(s.buyers, 0) AS buyers,
        coalesce(s.buyers, 0) / d.members AS buyer_share,
        CASE WHEN s.day IS NULL THEN 0 ELSE s.revenue END / d.members AS revenue_per_member
      FROM days d LEFT JOIN sales s USING (campaign_id, arm, day)`,
};
