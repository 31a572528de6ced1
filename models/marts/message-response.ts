import type { ModelContext } from "../model.js";

/**
 * When a message can be answered, one rule for every mart that asks: a campaign's message from the
 * day it was sent to the campaign's last day (or the build date while it runs); a message outside any
 * campaign has no window (`window_end` NULL), so no purchase answers it. Messages after the build date
 * are not sent yet.
 */
export function messageWindowsSql({ asOf, ref }: Pick<ModelContext, "asOf" | "ref">): string {
  return `SELECT m.*, CASE WHEN c.campaign_id IS NOT NULL THEN least(c.end_date, DATE '${asOf}') END AS window_end
    FROM ${ref("fct_messages")} m LEFT JOIN ${ref("dim_campaigns")} c ON c.campaign_id = m.campaign_id
    WHERE m.sent_at < DATE '${asOf}' + INTERVAL 1 DAY`;
}

/** SQL: receipt `r` (of fct_receipts) answers message `m` (of messageWindowsSql): a sale inside the message's window. */
export function answers(m: string, r: string): string {
  return `NOT ${r}.is_return AND ${r}.receipt_date BETWEEN ${m}.sent_at::DATE AND ${m}.window_end`;
}
