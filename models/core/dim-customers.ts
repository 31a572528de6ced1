import type { SqlModel } from "../model.js";

/** The profile fields whose filling makes up profile completeness. */
export const PROFILE_FIELDS = ["first_name", "last_name", "gender", "birth_date", "city", "phone", "email", "children", "has_car", "pets"] as const;

export const dimCustomers: SqlModel = {
  kind: "sql",
  name: "dim_customers",
  description:
    "Programme members with registration, profile completeness, contactability and age as of the build date; one row per customer.",
  layer: "core",
  grain: ["customer_id"],
  sql: ({ asOf, source }) => `SELECT customer_id, gender, birth_date, city, children, has_car, pets, tier, registration_channel, registered_at,
      registered_at::DATE AS registered_on, home_store_id,
      CASE WHEN birth_date IS NOT NULL THEN date_diff('year', birth_date, DATE '${asOf}')
        - CASE WHEN strftime(birth_date, '%m-%d') > strftime(DATE '${asOf}', '%m-%d') THEN 1 ELSE 0 END END AS age,
      phone IS NOT NULL AS has_phone, email IS NOT NULL AS has_email,
      coalesce(consent_sms, false) AS consent_sms, coalesce(consent_email, false) AS consent_email,
      coalesce(consent_push, false) AS consent_push, coalesce(consent_messenger, false) AS consent_messenger,
      (${PROFILE_FIELDS.map((f) => `(${f} IS NOT NULL)::INT`).join(" + ")}) / ${PROFILE_FIELDS.length}.0 AS profile_completeness
    FROM ${source("stg_customers")}`,
  tests: [{ kind: "expression", name: "profile_completeness between 0 and 1", failingRows: () => "SELECT customer_id FROM dim_customers WHERE profile_completeness NOT BETWEEN 0 AND 1" }],
};
