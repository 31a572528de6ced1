import type { SqlModel } from "../model.js";
import { signedPoints } from "./bonus-points.js";
import { CVM_STAGES } from "./cvm-states.js";
import { PROFILE_FIELDS } from "../core/dim-customers.js";
import { nextTierName, nextTierSpend, tierRank } from "../core/tier-levels.js";
import { daysToBirthday } from "./days-to-birthday.js";

/**
 * One row per programme member with everything a segment may filter on, as of the build date: the
 * profile, RFM, CVM stage, P(alive) and CLV (null when mart_clv could not be fitted), the bonus balance, consents and which
 * channels can reach the member, and when the member was last contacted. No contacts and no names:
 * segment runs read those from `stg_customers` only for the exports that may carry them.
 *
 * Triggers from the profile's dated history (fct_profile_changes): days since the tier last changed
 * and whether that move was up or down, since a consent was last given or withdrawn, since the profile
 * became complete (its last missing field filled; at registration if it came complete), and days to a
 * child's next birthday. Tier fields: qualifying spend, the next tier and the spend it still needs.
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
      tiers AS (
        SELECT customer_id, qualifying_spend, ${nextTierName("tier", ctx)} AS next_tier,
          -- greatest() skips NULLs: without a next tier the amount must stay unknown, not 0
          CASE WHEN next_tier IS NOT NULL THEN greatest(${nextTierSpend("tier", ctx)} - qualifying_spend, 0) END AS amount_to_next_tier
        FROM ${ctx.ref("fct_member_tiers")} WHERE period_start = date_trunc('month', DATE '${ctx.asOf}')
      ),
      changes AS (
        SELECT customer_id,
          max(changed_on) FILTER (WHERE field = 'tier') AS tier_changed_on,
          arg_max(CASE WHEN ${tierRank("new_value", ctx)} > ${tierRank("old_value", ctx)} THEN 'up'
            WHEN ${tierRank("new_value", ctx)} < ${tierRank("old_value", ctx)} THEN 'down' ELSE 'unranked' END, changed_at) FILTER (WHERE field = 'tier') AS last_tier_move,
          max(changed_on) FILTER (WHERE field LIKE 'consent_%' AND new_value = 'true' AND old_value IS DISTINCT FROM 'true') AS consent_given_on,
          max(changed_on) FILTER (WHERE field LIKE 'consent_%' AND old_value = 'true' AND new_value IS DISTINCT FROM 'true') AS consent_withdrawn_on,
          max(changed_on) FILTER (WHERE field IN (${PROFILE_FIELDS.map((f) => `'${f}'`).join(", ")}) AND old_value IS NULL AND new_value IS NOT NULL) AS last_filled_on
        FROM ${ctx.ref("fct_profile_changes")} WHERE feed = 'customers' GROUP BY customer_id
      ),
      children AS (
        SELECT customer_id, min(${daysToBirthday("birth_date", ctx.asOf)}) AS days_to_child_birthday
        FROM ${ctx.ref("dim_children")} WHERE birth_date <= DATE '${ctx.asOf}' GROUP BY customer_id
      ),
      contacted AS (
        SELECT customer_id, max(sent_at)::DATE AS last_contacted_on FROM ${ctx.ref("fct_messages")}
        WHERE sent_at < DATE '${ctx.asOf}' + INTERVAL 1 DAY GROUP BY customer_id
      )
      SELECT d.customer_id, cards.card_number, d.tier, d.city, d.home_store_id, d.gender, d.age,
        d.children, d.has_car, d.pets, d.profile_completeness,
        ${daysToBirthday("d.birth_date", ctx.asOf)} AS days_to_birthday, children.days_to_child_birthday,
        tiers.qualifying_spend, tiers.next_tier, tiers.amount_to_next_tier,
        date_diff('day', changes.tier_changed_on, DATE '${ctx.asOf}') AS days_since_tier_change, changes.last_tier_move,
        date_diff('day', changes.consent_given_on, DATE '${ctx.asOf}') AS days_since_consent_given,
        date_diff('day', changes.consent_withdrawn_on, DATE '${ctx.asOf}') AS days_since_consent_withdrawn,
        CASE WHEN d.profile_completeness = 1
          THEN date_diff('day', greatest(d.registered_on, changes.last_filled_on), DATE '${ctx.asOf}') END AS days_since_profile_completed,
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
      FROM ${ctx.ref("dim_customers")} d
      LEFT JOIN cards USING (customer_id)
      LEFT JOIN ${ctx.ref("mart_rfm")} rfm ON rfm.member_id = d.customer_id
      LEFT JOIN ${ctx.ref("mart_cvm_stage")} cvm ON cvm.member_id = d.customer_id
      LEFT JOIN ${ctx.ref("mart_clv")} clv ON clv.member_id = d.customer_id
      LEFT JOIN bonus USING (customer_id)
      LEFT JOIN contacted USING (customer_id)
      LEFT JOIN tiers USING (customer_id)
      LEFT JOIN changes USING (customer_id)
      LEFT JOIN children USING (customer_id)
      -- a build as of a past date must not see members who joined later
      WHERE d.registered_on IS NULL OR d.registered_on <= DATE '${ctx.asOf}'`,
  tests: [
    { kind: "accepted_values", column: "cvm_stage", values: CVM_STAGES },
    { kind: "not_null", columns: ["frequency", "bonus_balance", "has_app", "consent_sms", "consent_email", "consent_push", "consent_messenger"] },
    {
      kind: "expression",
      name: "days_to_birthday within a year",
      failingRows: () => "SELECT customer_id FROM mart_customer_features WHERE days_to_birthday NOT BETWEEN 0 AND 365 OR days_to_child_birthday NOT BETWEEN 0 AND 365",
    },
  ],
};
