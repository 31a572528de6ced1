/**
 * The three shapes a segment run is exported in, as queries over the run's member list:
 * - `marketer`: everything about each member incl. the control arm; contacts only on request and
 *   only those the member consented to;
 * - `pos`: what the till needs to apply the offer (card, code, validity); no personal data;
 * - `mailer`: target members with the contact of their chosen channel, consent-checked, and the
 *   personalisation fields.
 * Consent is read from the current profiles at export time, so a withdrawal that arrived after the
 * run is honoured.
 */
export const EXPORT_SHAPES = ["marketer", "pos", "mailer"] as const;
export type ExportShape = (typeof EXPORT_SHAPES)[number];

/** A consented contact per channel; push goes to the app account, which is the customer id. */
const CONTACT_BY_CHANNEL = `CASE m.channel
    WHEN 'sms' THEN CASE WHEN c.consent_sms THEN c.phone END
    WHEN 'messenger' THEN CASE WHEN c.consent_messenger THEN c.phone END
    WHEN 'email' THEN CASE WHEN c.consent_email THEN c.email END
    WHEN 'push' THEN CASE WHEN c.consent_push THEN m.customer_id END
  END`;

/** The columns that identify a member row of a shape (what a destination keys its copy by). */
export const SHAPE_KEY: Record<ExportShape, string> = { marketer: "customer_id", pos: "card_number", mailer: "customer_id" };

/** The rows of one shape for a run; `runId` is an integer from segment_runs, never user text. */
export function shapeQuery(shape: ExportShape, runId: number, withContacts = false): string {
  const run = Math.trunc(runId);
  switch (shape) {
    case "pos":
      return `SELECT m.card_number, m.offer_code, m.valid_from, m.valid_to FROM segment_members m
        WHERE m.run_id = ${run} AND NOT m.is_control AND m.card_number IS NOT NULL AND m.offer_code IS NOT NULL
        ORDER BY m.card_number`;
    case "mailer":
      return `SELECT * FROM (
          SELECT m.customer_id, m.channel, ${CONTACT_BY_CHANNEL} AS contact, c.first_name,
            round(f.bonus_balance, 2) AS bonus_balance, m.offer_code, m.offer_text, m.valid_to
          FROM segment_members m JOIN stg_customers c USING (customer_id) LEFT JOIN mart_customer_features f USING (customer_id)
          WHERE m.run_id = ${run} AND NOT m.is_control AND m.channel IS NOT NULL
        ) WHERE contact IS NOT NULL ORDER BY customer_id`;
    case "marketer":
      return `SELECT m.customer_id, m.card_number, CASE WHEN m.is_control THEN 'control' ELSE 'target' END AS arm, m.channel,
          m.offer_code, m.offer_text, m.valid_from, m.valid_to, f.rfm_segment, f.cvm_stage, f.recency_days, f.frequency,
          round(f.monetary, 2) AS monetary, round(f.avg_check, 2) AS avg_check, round(f.p_alive, 4) AS p_alive, round(f.clv, 2) AS clv,
          round(f.bonus_balance, 2) AS bonus_balance, f.tier, f.city, f.home_store_id, f.days_to_birthday
          ${withContacts ? `, c.first_name, CASE WHEN c.consent_sms OR c.consent_messenger THEN c.phone END AS phone, CASE WHEN c.consent_email THEN c.email END AS email` : ""}
        FROM segment_members m LEFT JOIN mart_customer_features f USING (customer_id)
          ${withContacts ? "LEFT JOIN stg_customers c USING (customer_id)" : ""}
        WHERE m.run_id = ${run} ORDER BY m.customer_id`;
  }
}
