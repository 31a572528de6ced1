import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempWarehouse } from "../test/helpers/temp-warehouse.js";
import { marketerForPeopleRu } from "./export-shapes.js";

let t: Awaited<ReturnType<typeof tempWarehouse>>;
beforeEach(async () => {
  t = await tempWarehouse();
});
afterEach(() => t.cleanup());

/** Two rows of the marketer shape with contacts, as the shape's query gives them. */
const SHAPE = `SELECT * FROM (VALUES
  ('C1', 'K1', 'target', 'sms', 'B5', 'Скидка 5%', DATE '2026-11-01', DATE '2026-11-07', 'At Risk', 'pre_churn', 40, 3, 900.5, 300.17, 0.62, 1200.0, 50.0, 'silver', 'Москва', 'S1', 12,
   'Анна', '+79160000001', true, false, NULL),
  ('C2', 'K2', 'control', NULL, NULL, NULL, NULL, NULL, 'Chain Special', 'loyal', 5, 9, 4000.0, 444.44, 0.97, 9000.0, 0.0, NULL, 'Казань', 'S2', NULL,
   NULL, NULL, NULL, NULL, NULL)
) AS v(customer_id, card_number, arm, channel, offer_code, offer_text, valid_from, valid_to, rfm_segment, cvm_stage, recency_days, frequency,
  monetary, avg_check, p_alive, clv, bonus_balance, tier, city, home_store_id, days_to_birthday, first_name, phone, phone_sms_consent, phone_messenger_consent, email)`;

describe("the marketer file in Russian", () => {
  it("has Russian headers and names the codes: group, channel, stage, the shipped maps' segments, yes/no for consents", async () => {
    const rows = await t.wh.all<Record<string, unknown>>(`${marketerForPeopleRu(SHAPE, true)} ORDER BY "ID клиента"`);
    expect(Object.keys(rows[0])).toEqual([
      "ID клиента", "Карта", "Группа", "Канал", "Код предложения", "Предложение", "Действует с", "Действует по", "Сегмент RFM", "Стадия CVM",
      "Дней с последней покупки", "Покупок", "Сумма покупок", "Средний чек", "Вероятность активности (P(alive))", "CLV", "Бонусный баланс",
      "Уровень", "Город", "Домашний магазин", "Дней до дня рождения", "Имя", "Телефон", "Согласие на SMS", "Согласие на мессенджеры", "E-mail",
    ]);
    expect(rows[0]).toMatchObject({ "Группа": "целевая", "Канал": "SMS", "Сегмент RFM": "В зоне риска", "Стадия CVM": "предотток", "Согласие на SMS": "да", "Согласие на мессенджеры": "нет" });
    // a chain's own segment name stays as it is; the control arm has no channel
    expect(rows[1]).toMatchObject({ "Группа": "контрольная", "Канал": null, "Сегмент RFM": "Chain Special", "Стадия CVM": "лояльные", "Согласие на SMS": null });
  });

  it("without contacts, and with a column the shape gained later kept under its own name rather than dropped", async () => {
    const shape = `SELECT * EXCLUDE (first_name, phone, phone_sms_consent, phone_messenger_consent, email), 'x' AS new_field FROM (${SHAPE})`;
    const rows = await t.wh.all<Record<string, unknown>>(marketerForPeopleRu(shape, false));
    expect(Object.keys(rows[0])).not.toContain("Телефон");
    expect(Object.keys(rows[0])).toHaveLength(22);
    expect(Object.keys(rows[0]).at(-1)).toBe("new_field");
  });
});
