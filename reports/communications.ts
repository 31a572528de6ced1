/**
 * Messages by month and channel (each channel's whole month, `campaign_id = '(all)'`) and by campaign
 * and channel (the cascade's split), with the campaign's name, for the Campaigns page.
 */
import { isoDate, type SnapshotQuery } from "./query-snapshot.js";

export interface CommunicationsRow {
  period_start: string;
  channel: string;
  campaign_id: string;
  campaign_name: string | null;
  sent: number;
  delivered: number;
  delivery_rate: number | null;
  open_rate: number | null;
  click_rate: number | null;
  cost: number;
  cost_per_delivered: number | null;
  recipients: number | null;
  responders: number | null;
  response_rate: number | null;
  cost_per_responder: number | null;
  campaign_share: number | null;
  saving_vs_sms: number | null;
}

export function communications(q: SnapshotQuery): Promise<CommunicationsRow[]> {
  return q.all<CommunicationsRow>(`
    SELECT ${isoDate("m.period_start")} AS period_start, m.channel, m.campaign_id, c.name AS campaign_name,
      m.sent::DOUBLE AS sent, m.delivered::DOUBLE AS delivered, m.delivery_rate, m.open_rate, m.click_rate, round(m.cost, 2)::DOUBLE AS cost,
      m.cost_per_delivered, m.recipients::DOUBLE AS recipients, m.responders::DOUBLE AS responders, m.response_rate, m.cost_per_responder,
      m.campaign_share, round(m.saving_vs_sms, 2)::DOUBLE AS saving_vs_sms
    FROM ${q.scan("mart_communications")} m LEFT JOIN ${q.scan("dim_campaigns")} c USING (campaign_id)
    ORDER BY m.period_start, m.campaign_id, m.channel`);
}
