import type { ModelContext } from "../model.js";

/**
 * Members of campaigns made by segment runs (segments/): a run is a campaign once it was delivered
 * (a sync of it to a destination succeeded). A member belongs from the first delivered run that had
 * them, in that run's arm, with that run's offer validity as their window. Before any segment run
 * or sync exists, there are none.
 */
export function segmentCampaignMembersSql(ctx: ModelContext): string {
  const ready = ["segment_runs", "segment_members", "sync_runs"].every((t) => ctx.tables?.has(t));
  if (!ready) {
    return `SELECT NULL::VARCHAR AS campaign_id, NULL::VARCHAR AS name, NULL::VARCHAR AS segment, NULL::DOUBLE AS control_share,
      NULL::VARCHAR AS customer_id, NULL::VARCHAR AS arm, NULL::DATE AS start_date, NULL::DATE AS end_date WHERE false`;
  }
  return `SELECT r.campaign_id, arg_min(r.title, r.run_id) AS name, arg_min(r.segment, r.run_id) AS segment, arg_min(r.control_share, r.run_id) AS control_share,
      m.customer_id, arg_min(CASE WHEN m.is_control THEN 'control' ELSE 'target' END, r.run_id) AS arm,
      arg_min(m.valid_from, r.run_id) AS start_date, arg_min(m.valid_to, r.run_id) AS end_date
    FROM segment_members m JOIN segment_runs r USING (run_id)
    WHERE m.valid_from IS NOT NULL AND m.valid_from <= DATE '${ctx.asOf}'
      AND r.run_id IN (SELECT run_id FROM sync_runs WHERE status = 'ok')
      AND r.campaign_id NOT IN (SELECT campaign_id FROM stg_campaigns)
    GROUP BY r.campaign_id, m.customer_id`;
}
