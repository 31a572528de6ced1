/**
 * A warehouse with `n` synthetic members (C0001…) in `mart_customer_features` and `stg_customers`,
 * every one consented to e-mail and reachable by it, for delivery tests that need many members but
 * no models. Member i has frequency i and bonus balance 10·i.
 */
import { ensureSchema } from "../../src/db/ensure-schema.js";
import type { Warehouse } from "../../src/db/warehouse.js";
import { createFeaturesTable } from "../fixtures/segment-members.js";

export async function seedSyntheticMembers(wh: Warehouse, n: number): Promise<void> {
  await ensureSchema(wh);
  await createFeaturesTable(wh);
  await wh.exec(`INSERT INTO mart_customer_features BY NAME
    SELECT 'C' || lpad(i::VARCHAR, 4, '0') AS customer_id, 'K' || lpad(i::VARCHAR, 4, '0') AS card_number,
      'basic' AS tier, 'Москва' AS city, 'S1' AS home_store_id, NULL::VARCHAR AS gender, NULL::BIGINT AS age, NULL::BIGINT AS days_to_birthday,
      DATE '2026-01-01' AS registered_on, 303::BIGINT AS days_since_registration,
      i::BIGINT AS frequency, 10::BIGINT AS recency_days, 100.0 * i AS monetary, 100.0::DOUBLE AS avg_check, DATE '2026-10-21' AS last_purchase,
      3::BIGINT AS recency_score, 3::BIGINT AS frequency_score, 3::BIGINT AS monetary_score, 333::BIGINT AS rfm_score, 'Regulars' AS rfm_segment,
      'developing' AS cvm_stage, DATE '2026-01-05' AS first_purchase, NULL::DOUBLE AS p_alive, NULL::DOUBLE AS expected_purchases_30d, NULL::DOUBLE AS clv,
      10.0 * i AS bonus_balance, true AS has_phone, true AS has_email, false AS has_app,
      false AS consent_sms, true AS consent_email, false AS consent_push, false AS consent_messenger,
      NULL::DATE AS last_contacted_on, NULL::BIGINT AS days_since_contact, DATE '2026-10-31' AS as_of
    FROM range(1, ${n + 1}) t(i)`);
  await wh.exec(`DELETE FROM stg_customers;
    INSERT INTO stg_customers (customer_id, first_name, email, consent_email, _file_id, _line)
    SELECT 'C' || lpad(i::VARCHAR, 4, '0'), 'Имя' || i, 'c' || i || '@example.ru', true, 0, i FROM range(1, ${n + 1}) t(i)`);
}

/** Everyone with frequency ≥ 0, no control group, e-mail only: the target list is all members. */
export const EVERYONE_SEGMENT = {
  name: "everyone",
  title: "Все",
  where: { field: "frequency", gte: 0 },
  controlShare: 0,
  channels: ["email"],
  offer: { code: "X1", validDays: 7 },
} as const;
