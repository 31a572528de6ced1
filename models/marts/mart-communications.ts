import type { SqlModel } from "../model.js";
import { answers, messageWindowsSql } from "./message-response.js";

/**
 * Messages by month of sending, channel and campaign (`(none)`: outside any campaign; `(all)`: the
 * channel's whole month, campaigns and not), so rates are never averaged from rates: sent, delivered, opened, clicked and their
 * rates, cost per message delivered and per responder, and the response — recipients of a campaign's
 * message who bought (a sale, not a return) between the day it was sent and the campaign's last day
 * (or the build date while it runs). Response here is not uplift: whoever would have bought anyway
 * counts too; the campaign's control group measures the effect (mart_campaign_results).
 *
 * A channel that reports no openings (SMS) has no open or click rate, not a rate of 0; an unknown
 * delivery is left out of the delivery rate. `campaign_share` is the part of the campaign's messages
 * that month this channel carried (the cascade's split), and `sms_equivalent_cost` what the same
 * messages would have cost as SMS at the average SMS price in the data (empty when no SMS was sent),
 * and `saving_vs_sms` what the cascade saved.
 */
export const martCommunications: SqlModel = {
  kind: "sql",
  name: "mart_communications",
  description: "Messages by month, channel and campaign: sent, delivered, opened, clicked, rates, cost per delivered and per responder, response, cascade share and saving against SMS.",
  layer: "mart",
  grain: ["period_start", "channel", "campaign_id"],
  sql: (ctx) => `WITH messages AS (
        SELECT * REPLACE (coalesce(campaign_id, '(none)') AS campaign_id) FROM (${messageWindowsSql(ctx)})
      ),
      responded AS (
        SELECT DISTINCT m.message_id FROM messages m JOIN ${ctx.ref("fct_receipts")} r ON r.member_id = m.customer_id WHERE ${answers("m", "r")}
      ),
      sms AS (SELECT avg(cost)::DOUBLE AS price FROM ${ctx.ref("fct_messages")} WHERE channel = 'sms' AND cost IS NOT NULL),
      cells AS (
        SELECT date_trunc('month', m.sent_at)::DATE AS period_start, m.channel, coalesce(m.campaign_id, '(all)') AS campaign_id,
          count(*) AS sent,
          count(*) FILTER (WHERE m.delivered) AS delivered,
          count(m.delivered) AS delivery_known,
          count(m.opened_at) AS opened,
          count(m.clicked_at) AS clicked,
          coalesce(sum(m.cost), 0)::DOUBLE AS cost,
          count(DISTINCT m.customer_id) FILTER (WHERE m.window_end IS NOT NULL) AS recipients,
          count(DISTINCT m.customer_id) FILTER (WHERE r.message_id IS NOT NULL) AS responders
        FROM messages m LEFT JOIN responded r USING (message_id)
        GROUP BY GROUPING SETS ((date_trunc('month', m.sent_at), m.channel, m.campaign_id), (date_trunc('month', m.sent_at), m.channel))
      )
      SELECT c.period_start, c.channel, c.campaign_id, c.sent, c.delivered, c.opened, c.clicked,
        c.delivered / nullif(c.delivery_known, 0) AS delivery_rate,
        CASE WHEN c.opened > 0 THEN c.opened / nullif(c.delivered, 0) END AS open_rate,
        CASE WHEN c.opened > 0 THEN c.clicked / nullif(c.delivered, 0) END AS click_rate,
        c.cost, c.cost / nullif(c.delivered, 0) AS cost_per_delivered,
        CASE WHEN c.recipients > 0 THEN c.recipients END AS recipients,
        CASE WHEN c.recipients > 0 THEN c.responders END AS responders,
        c.responders / nullif(c.recipients, 0) AS response_rate,
        CASE WHEN c.responders > 0 THEN c.cost / c.responders END AS cost_per_responder,
        CASE WHEN c.campaign_id NOT IN ('(none)', '(all)') THEN c.sent / sum(c.sent) OVER (PARTITION BY c.period_start, c.campaign_id) END AS campaign_share,
        c.sent * sms.price AS sms_equivalent_cost, c.sent * sms.price - c.cost AS saving_vs_sms
      FROM cells c CROSS JOIN sms`,
  tests: [
    {
      kind: "expression",
      name: "rates are shares, and no more responders than recipients",
      failingRows: () => `SELECT period_start, channel, campaign_id FROM mart_communications
        WHERE NOT (coalesce(delivery_rate, 0) BETWEEN 0 AND 1 AND coalesce(open_rate, 0) BETWEEN 0 AND 1 AND coalesce(response_rate, 0) BETWEEN 0 AND 1)
          OR responders > recipients OR delivered > sent`,
    },
  ],
};
