import type { ModelContext } from "../model.js";

/**
 * Each campaign member's windows, one rule for every mart that measures a campaign: the response
 * window is the member's campaign days (`start_date` to `end_date`), the money window runs `after`
 * days further (`window_end`; the config's `afterWindowDays`); neither goes past the build date, so
 * a window still open is measured to the last day of data.
 */
export function campaignMemberWindowsSql(after: number, { asOf, ref }: Pick<ModelContext, "asOf" | "ref">): string {
  return `SELECT campaign_id, member_id, arm, start_date, least(end_date, DATE '${asOf}') AS end_date,
      least((end_date + INTERVAL ${after} DAY)::DATE, DATE '${asOf}') AS window_end
    FROM ${ref("fct_campaign_members")}`;
}
