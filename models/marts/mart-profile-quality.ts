import type { SqlModel } from "../model.js";
import { HOME_STORE_SCOPE_COLUMNS } from "./home-store-scope.js";

/**
 * Profile completeness and contactability of members, for the chain and by home store: steps 2
 * and 3 of the management loop (get contacts and consents, enrich profiles). A member is
 * contactable when at least one channel has both a consent and a way to reach them (push and
 * messenger are reached through the app and the phone).
 */
export const martProfileQuality: SqlModel = {
  kind: "sql",
  name: "mart_profile_quality",
  description: "Profile completeness, fully filled profiles, contacts and consents per channel: chain and home stores.",
  layer: "mart",
  grain: ["scope", "scope_id"],
  sql: ({ ref }) => `SELECT ${HOME_STORE_SCOPE_COLUMNS},
      count(*) AS members, avg(profile_completeness) AS avg_completeness,
      avg((profile_completeness = 1)::INT) AS full_profile_share,
      avg(has_phone::INT) AS phone_share, avg(has_email::INT) AS email_share,
      avg(consent_sms::INT) AS consent_sms_share, avg(consent_email::INT) AS consent_email_share,
      avg(consent_push::INT) AS consent_push_share, avg(consent_messenger::INT) AS consent_messenger_share,
      avg(((has_phone AND (consent_sms OR consent_messenger OR consent_push)) OR (has_email AND consent_email))::INT) AS contactable_share
    FROM ${ref("dim_customers")} GROUP BY GROUPING SETS ((), (home_store_id))`,
};
