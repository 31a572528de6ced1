import type { SqlModel } from "../model.js";
import { signedPoints } from "./bonus-points.js";
import { CVM_STAGES } from "./cvm-states.js";

/**
 * One row per programme member with everything a segment may filter on, as of the build date: the
 * profile, RFM, CVM stage, P(alive) and CLV (null when mart_clv could not be fitted), the bonus balance, consents and which
 * channels can reach the member, and when the member was last contacted. No contacts and no names:
 * segment runs read those from `stg_customers` only for the exports that may carry them.
 *
 * Reachability per channel (the cascade picks among reachable channels only):
 * sms and messenger need a phone, e-mail an address, push the app (an app card or an app sign-up);
 * each also needs the member's consent for that channel.
 */
export const martCustomerFeatures: SqlModel = {
  kind: "sql",
  name: "mart_customer_features",
  description: "Per member: profile, RFM, CVM stage, P(alive)/CLV, bonus balance, reachability per channel, last contact — what segments filter on.",
  layer: "mart",
  grain: ["customer_id"],
  sql: (ctx) => `WITH cards AS (
        SELECT customer_id,
          arg_max(card_number, (status IS DISTINCT FROM 'active')::INT * -1e12 + epoch(issued_at)) AS card_number,
          bool_or(channel = 'app') AS has_app_card
        FROM ${ctx.ref("dim_cards")} GROUP BY customer_id
      ),
      bonus AS (
        SELECT c.customer_id, sum(${signedPoints("b")})::DOUBLE AS balance
        FROM ${ctx.ref("fct_bonus_ledger")} b JOIN ${ctx.ref("dim_cards")} c USING (card_number)
        WHERE b.entry_at < DATE '${ctx.asOf}' + INTERVAL 1 DAY GROUP BY c.customer_id
      ),
      contacted AS (
        SELECT customer_id, max(sent_at)::DATE AS last_contacted_on FROM ${ctx.ref("fct_messages")}
        WHERE sent_at < DATE '${ctx.asOf}' + INTERVAL 1 DAY GROUP BY customer_id
      )
      SELECT d.customer_id, cards.card_number, d.tier, d.city, d.home_store_id, d.gender, d.age,
        d.children, d.has_car, d.pets, d.profile_completeness,
        -- the next birthday: this calendar year's, or next year's once it has passed (29 Feb falls on 28 Feb in common years)
        date_diff('day', DATE '${ctx.asOf}', d.birth_date + to_years(d.age_this_year + (d.birth_date + to_years(d.age_this_year) < DATE '${ctx.asOf}')::INT)) AS days_to_birthday,
        d.registered_on, date_diff('day', d.registered_on, DATE '${ctx.asOf}') AS days_since_registration,
        coalesce(rfm.frequency, 0) AS frequency, rfm.recency_days, rfm.monetary, rfm.avg_check, rfm.last_purchase,
        rfm.recency_score, rfm.frequency_score, rfm.monetary_score, rfm.rfm_score, rfm.segment AS rfm_segment,
        cvm.stage AS cvm_stage, cvm.first_purchase,
        clv.p_alive, clv.expected_purchases_30d, clv.clv,
        coalesce(bonus.balance, 0) AS bonus_balance,
        d.has_phone, d.has_email, coalesce(cards.has_app_card OR d.registration_channel = 'app', false) AS has_app,
        d.consent_sms, d.consent_email, d.consent_push, d.consent_messenger,
        contacted.last_contacted_on, date_diff('day', contacted.last_contacted_on, DATE '${ctx.asOf}') AS days_since_contact,
        DATE '${ctx.asOf}' AS as_of
      FROM (SELECT *, date_diff('year', birth_date, DATE '${ctx.asOf}') AS age_this_year FROM ${ctx.ref("dim_customers")}) d
      LEFT JOIN cards USING (customer_id)
      LEFT JOIN ${ctx.ref("mart_rfm")} rfm ON rfm.member_id = d.customer_id
      LEFT JOIN ${ctx.ref("mart_cvm_stage")} cvm ON cvm.member_id = d.customer_id
      LEFT JOIN ${ctx.ref("mart_clv")} clv ON clv.member_id = d.customer_id
      LEFT JOIN bonus USING (customer_id)
      LEFT JOIN contacted USING (customer_id)
      -- a build as of a past date must not see members who joined later
      WHERE d.registered_on IS NULL OR d.registered_on <= DATE '${ctx.asOf}'`,
  tests: [
    { kind: "accepted_values", column: "cvm_stage", values: CVM_STAGES },
    { kind: "not_null", columns: ["frequency", "bonus_balance", "has_app", "consent_sms", "consent_email", "consent_push", "consent_messenger"] },
    {
      kind: "expression",
      name: "days_to_birthday within a year",
      failingRows: () => "SELECT customer_id FROM mart_customer_features WHERE days_to_birthday NOT BETWEEN 0 AND 365",
    },
  ],
};
