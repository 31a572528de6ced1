import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/config.js";
import { useBuiltTinyChain } from "../../test/helpers/built-tiny-chain.js";
import { seed } from "../../test/helpers/seed-staging.js";
import { tempWarehouse } from "../../test/helpers/temp-warehouse.js";
import { buildModels, selectModels } from "../build-models.js";
import { MODELS } from "../registry.js";

type Features = Record<string, unknown>;

const chain = useBuiltTinyChain("+mart_customer_features");

async function features(wh = chain.t.wh): Promise<Record<string, Features>> {
  const rows = await wh.all<Features>(
    `SELECT * REPLACE (registered_on::VARCHAR AS registered_on, last_purchase::VARCHAR AS last_purchase,
       first_purchase::VARCHAR AS first_purchase, last_contacted_on::VARCHAR AS last_contacted_on, as_of::VARCHAR AS as_of)
     FROM mart_customer_features ORDER BY customer_id`,
  );
  return Object.fromEntries(rows.map((r) => [r.customer_id as string, r]));
}

/**
 * The tiny chain (test/fixtures/tiny-chain.ts) as of 2026-10-31.
 *
 * Purchases (sales receipts of the member's card, returns netted in monetary):
 *   C1  R0 2025-10-10 100, R1 2026-09-15 200, R2 2026-10-01 300, R6 2026-10-07 200
 *       → frequency 4, monetary 800, avg check 200, recency 31 Oct − 7 Oct = 24
 *   C2  R4 2026-10-05 500, R5 2026-10-06 a return of 100
 *       → frequency 1, monetary 400, avg check 400, recency 26
 *   C3  R9 2026-08-10 150 → frequency 1, monetary 150, avg check 150, recency 21 + 30 + 31 = 82
 *
 * RFM scores (breaks = type-7 quantiles at 20/40/60/80 % plus one):
 *   frequency [1, 1, 4] → 2, 2, 2.6, 3.8: C1 5, C2 1, C3 1
 *   monetary [150, 400, 800] → 251, 351, 481, 641: C1 5, C2 3, C3 1
 *   recency [24, 26, 82] → 25.8, 26.6, 38.2, 60.6, scored 6 − bin: C1 5, C2 4, C3 1
 *   555 → Champions, 413 → Promising (r 3–4, f 1–3, m 3–5), 111 → Lost (the rfm package's map).
 *
 * CVM stage (defaults: new ≤ 30 days, pre-churn > 60, churned > 180, loyal ≥ 6 purchase days in 180):
 *   C1 first purchase a year ago, 24 days since the last, 3 purchase days in 180 → developing
 *   C2 first purchase 26 days ago → new
 *   C3 one purchase 82 days ago: > 60 (the floor; no interval) and ≤ 180 → pre_churn
 *
 * Bonus balance (accrual +|p|, redemption −|p|, expiry −|p|, adjustment signed):
 *   K1: B0 accrual +100, B1 expiry −5, B2 accrual +15, B5 redemption (−10) −10, B6 adjustment −2 → 98
 *   K2: B3 accrual +25, B4 redemption (50) −50 → −25 (the chain redeemed more than it accrued)
 *   K3: no entries → 0
 *
 * Birthday: C1 born 1990-05-01; 2026-05-01 has passed, so the next is 2027-05-01:
 *   31 Oct → 1 Nov 1, + Nov 30 + Dec 31 + Jan 31 + Feb 28 + Mar 31 + Apr 30 = 182 days; age 36.
 * Registration: C1 2025-09-01 → 365 + 30 (Sep) + 30 (1 → 31 Oct) = 425; C2 2026-09-20 → 10 + 31 = 41;
 *   C3 2026-08-01 → 31 + 30 + 30 = 91.
 */
describe("mart_customer_features on the tiny chain", () => {
  it("has one row per member, all as of the build date", async () => {
    const f = await features();
    expect(Object.keys(f)).toEqual(["C1", "C2", "C3"]);
    expect(Object.values(f).map((r) => r.as_of)).toEqual(["2026-10-31", "2026-10-31", "2026-10-31"]);
    expect(chain.results.find((r) => r.model === "mart_customer_features")?.rows).toBe(3);
  });

  it("carries the card and the RFM figures worked out by hand", async () => {
    const f = await features();
    const pick = (r: Features) => [r.card_number, r.frequency, r.recency_days, r.monetary, r.avg_check, r.last_purchase, r.first_purchase, r.rfm_score, r.rfm_segment];
    expect(pick(f.C1)).toEqual(["K1", 4, 24, 800, 200, "2026-10-07", "2025-10-10", 555, "Champions"]);
    expect(pick(f.C2)).toEqual(["K2", 1, 26, 400, 400, "2026-10-05", "2026-10-05", 413, "Promising"]);
    expect(pick(f.C3)).toEqual(["K3", 1, 82, 150, 150, "2026-08-10", "2026-08-10", 111, "Lost"]);
  });

  it("agrees with mart_rfm column for column", async () => {
    const mismatches = await chain.t.wh.all(
      `SELECT f.customer_id FROM mart_customer_features f JOIN mart_rfm r ON r.member_id = f.customer_id
       WHERE (f.frequency, f.recency_days, f.monetary, f.avg_check, f.rfm_score, f.rfm_segment)
         IS DISTINCT FROM (r.frequency, r.recency_days, r.monetary, r.avg_check, r.rfm_score, r.segment)`,
    );
    expect(mismatches).toEqual([]);
  });

  it("has the CVM stage of each member", async () => {
    const f = await features();
    expect([f.C1.cvm_stage, f.C2.cvm_stage, f.C3.cvm_stage]).toEqual(["developing", "new", "pre_churn"]);
  });

  it("carries the profile fields segments filter on: children, car, pets and how complete the profile is", async () => {
    const f = await features();
    const profile = (r: Features) => [r.children, r.has_car, r.pets, r.profile_completeness];
    // C1: gender, birth date, city, phone, e-mail = 5 of 10; C2: gender, city, phone, 2 children, a car = 5; C3: none
    expect([profile(f.C1), profile(f.C2), profile(f.C3)]).toEqual([[null, null, null, 0.5], [2, true, null, 0.5], [null, null, null, 0]]);
  });

  it("sums the bonus ledger with the sign of each kind of entry", async () => {
    const f = await features();
    expect([f.C1.bonus_balance, f.C2.bonus_balance, f.C3.bonus_balance]).toEqual([98, -25, 0]);
  });

  it("counts the days to the next birthday, and the age", async () => {
    const f = await features();
    expect([f.C1.days_to_birthday, f.C1.age]).toEqual([182, 36]);
    // C2 and C3 gave no birth date
    expect([f.C2.days_to_birthday, f.C3.days_to_birthday, f.C2.age]).toEqual([null, null, null]);
  });

  it("says which channels can reach each member, and what they consented to", async () => {
    const f = await features();
    const reach = (r: Features) => [r.has_phone, r.has_email, r.has_app, r.consent_sms, r.consent_email, r.consent_push, r.consent_messenger];
    // C1: phone, e-mail, registered at the till, SMS consent only
    expect(reach(f.C1)).toEqual([true, true, false, true, false, false, false]);
    // C2: phone, no e-mail, registered in the app; no consent given (missing = false)
    expect(reach(f.C2)).toEqual([true, false, true, false, false, false, false]);
    // C3: nothing
    expect(reach(f.C3)).toEqual([false, false, false, false, false, false, false]);
  });

  it("counts the days since registration; nobody was contacted", async () => {
    const f = await features();
    expect([f.C1.registered_on, f.C2.registered_on, f.C3.registered_on]).toEqual(["2025-09-01", "2026-09-20", "2026-08-01"]);
    expect([f.C1.days_since_registration, f.C2.days_since_registration, f.C3.days_since_registration]).toEqual([425, 41, 91]);
    expect([f.C1.days_since_contact, f.C1.last_contacted_on, f.C2.days_since_contact]).toEqual([null, null, null]);
  });

  it("leaves P(alive) and CLV null when three members are too few to fit", async () => {
    const f = await features();
    expect(Object.values(f).map((r) => [r.p_alive, r.clv])).toEqual([[null, null], [null, null], [null, null]]);
  });
});

/**
 * Members without purchases, built at several dates:
 *   L1 born 2000-02-29 (a leap day); cards LA (active, 2026-01-01) and LB (blocked, newer)
 *   L2 born 1985-11-05; cards LC (active, 2025-01-01) and LD (active, app, 2026-03-01); messages
 *      on 2026-10-01, 2026-10-24 18:00 and 2026-11-01 09:00 (after the as-of date)
 *   L3 born 1990-10-31 (birthday on the as-of date)
 *   ledger on LA: accrual 10 at 2026-10-31 23:59 (counted), accrual 7 at 2026-11-01 00:00 (not yet)
 */
describe("mart_customer_features edge cases", () => {
  let t: Awaited<ReturnType<typeof tempWarehouse>>;

  beforeAll(async () => {
    t = await tempWarehouse();
    await seed(t.wh, "stg_customers", [
      { customer_id: "L1", birth_date: "2000-02-29", registered_at: "2026-01-01 10:00", registration_channel: "till" },
      { customer_id: "L2", birth_date: "1985-11-05", registered_at: "2025-01-01 10:00", registration_channel: "till", phone: "+79160000009" },
      { customer_id: "L3", birth_date: "1990-10-31", registered_at: "2025-01-01 10:00", registration_channel: "site" },
    ]);
    await seed(t.wh, "stg_cards", [
      { card_number: "LA", customer_id: "L1", issued_at: "2026-01-01 10:00", status: "active", channel: "till" },
      { card_number: "LB", customer_id: "L1", issued_at: "2026-06-01 10:00", status: "blocked", channel: "till" },
      { card_number: "LC", customer_id: "L2", issued_at: "2025-01-01 10:00", status: "active", channel: "till" },
      { card_number: "LD", customer_id: "L2", issued_at: "2026-03-01 10:00", status: "active", channel: "app" },
      { card_number: "LE", customer_id: "L3", issued_at: "2025-01-01 10:00" },
    ]);
    await seed(t.wh, "stg_messages", [
      { message_id: "m1", customer_id: "L2", channel: "sms", sent_at: "2026-10-01 10:00" },
      { message_id: "m2", customer_id: "L2", channel: "sms", sent_at: "2026-10-24 18:00" },
      { message_id: "m3", customer_id: "L2", channel: "sms", sent_at: "2026-11-01 09:00" },
    ]);
    await seed(t.wh, "stg_bonus_ledger", [
      { entry_id: "b1", card_number: "LA", entry_at: "2026-10-31 23:59", kind: "accrual", points: 10 },
      { entry_id: "b2", card_number: "LA", entry_at: "2026-11-01 00:00", kind: "accrual", points: 7 },
    ]);
  });
  afterAll(() => t.cleanup());

  async function buildAsOf(asOf: string): Promise<Record<string, Features>> {
    await buildModels(t.wh, selectModels(MODELS, "+mart_customer_features"), { asOf, params: parseConfig({}).models });
    return features(t.wh);
  }

  it("picks the newest active card and sees an app card as app use", async () => {
    const f = await buildAsOf("2026-10-31");
    // L1: the blocked LB is newer, but an active card comes first
    expect([f.L1.card_number, f.L1.has_app]).toEqual(["LA", false]);
    // L2: both active, LD is newer and was issued in the app (L2 registered at the till)
    expect([f.L2.card_number, f.L2.has_app]).toEqual(["LD", true]);
  });

  it("counts days since the last contact up to the as-of date only", async () => {
    const f = await buildAsOf("2026-10-31");
    // the 1 November message is after the as-of date; 24 → 31 October is 7 days
    expect([f.L2.last_contacted_on, f.L2.days_since_contact]).toEqual(["2026-10-24", 7]);
    expect(f.L1.days_since_contact).toBeNull();
  });

  it("counts ledger entries up to the end of the as-of day", async () => {
    const f = await buildAsOf("2026-10-31");
    expect([f.L1.bonus_balance, f.L2.bonus_balance]).toEqual([10, 0]);
  });

  it("counts 0 days on the birthday and 5 days five days before", async () => {
    const f = await buildAsOf("2026-10-31");
    expect([f.L3.days_to_birthday, f.L3.age]).toEqual([0, 36]);
    // 31 Oct → 5 Nov; L2 turns 41 then, so is 40 today
    expect([f.L2.days_to_birthday, f.L2.age]).toEqual([5, 40]);
  });

  it("celebrates a 29 February birthday on 28 February in common years, on the 29th in leap years", async () => {
    // as of 2026-10-31 the next birthday is 2027-02-28: Nov 30 + Dec 31 + Jan 31 + 28 = 120 days
    expect((await buildAsOf("2026-10-31")).L1.days_to_birthday).toBe(120);
    // 2027-02-23 → 2027-02-28
    expect((await buildAsOf("2027-02-23")).L1.days_to_birthday).toBe(5);
    // 2028 is a leap year: 2028-02-24 → 2028-02-29
    expect((await buildAsOf("2028-02-24")).L1.days_to_birthday).toBe(5);
    // the day after, the next one is 2029-02-28: 365 − 1 (1 Mar 2028 → 28 Feb 2029) = 364
    expect((await buildAsOf("2028-03-01")).L1.days_to_birthday).toBe(364);
    // on the leap day itself
    expect((await buildAsOf("2028-02-29")).L1.days_to_birthday).toBe(0);
  });
});

/** No registration channel (optional in the feed) and no app card: NULL logic must still give false. */
describe("a member who gave no registration channel", () => {
  it("is not an app user, and the build does not fail", async () => {
    const t = await tempWarehouse();
    try {
      await seed(t.wh, "stg_customers", [{ customer_id: "N1", registered_at: "2026-01-01 10:00" }]);
      await seed(t.wh, "stg_cards", [{ card_number: "NK", customer_id: "N1", issued_at: "2026-01-01 10:00" }]);
      await buildModels(t.wh, selectModels(MODELS, "+mart_customer_features"), { asOf: "2026-10-31", params: parseConfig({}).models });
      expect(await t.wh.one("SELECT has_app FROM mart_customer_features WHERE customer_id = 'N1'")).toEqual({ has_app: false });
    } finally {
      await t.cleanup();
    }
  });
});

/**
 * Triggers from the profile's dated history, and the tier fields, as of 2026-10-31 with levels basic 0 /
 * silver 1 000 / gold 3 000 over 12 qualifying months.
 * P1 joined in January with no phone, filled it in on 21 Oct (the profile became complete), went from
 *    basic to silver on 25 Oct, consented to SMS on 28 Oct; spent 800 in October; children born
 *    3 Nov 2018 and 1 Dec 2020 → the nearer birthday is in 3 days; 3 000 − 800 = 2 200 to gold.
 * P2 came complete on 1 Mar (244 days ago), fell from gold to silver on 30 Sep (31 days) and withdrew
 *    its e-mail consent on 30 Oct (1 day); no purchases → 3 000 to gold.
 * P3 is in 'vip', a tier the levels do not know: no next tier, no amount; its profile is incomplete.
 */
describe("triggers from the profile's history and the tier fields", () => {
  let t: Awaited<ReturnType<typeof tempWarehouse>>;
  const complete = { first_name: "Анна", last_name: "Ли", gender: "f", birth_date: "1990-01-01", city: "Москва", phone: "+79160000001", email: "a@x.ru", children: 2, has_car: false, pets: "cat" };
  beforeAll(async () => {
    t = await tempWarehouse();
    await seed(t.wh, "stg_stores", [{ store_id: "S1", name: "Тверская", city: "Москва" }]);
    await seed(t.wh, "stg_customers", [
      { customer_id: "P1", ...complete, registered_at: "2026-01-10 10:00", tier: "silver", consent_sms: true },
      { customer_id: "P2", ...complete, registered_at: "2026-03-01 10:00", tier: "silver", consent_email: false },
      { customer_id: "P3", registered_at: "2026-03-01 10:00", tier: "vip" },
    ]);
    await seed(t.wh, "stg_cards", [{ card_number: "K1", customer_id: "P1", issued_at: "2026-01-10 10:00" }]);
    await seed(t.wh, "stg_receipts", [{ store_id: "S1", receipt_id: "R1", receipt_at: "2026-10-05 12:00", card_number: "K1", total: 800, is_return: false }]);
    await seed(t.wh, "stg_children", [
      { customer_id: "P1", child_id: "1", birth_date: "2018-11-03" },
      { customer_id: "P1", child_id: "2", birth_date: "2020-12-01" },
    ]);
    await t.wh.exec(`INSERT INTO history_changes (feed, entity_key, field, old_value, new_value, changed_at, file_id, effective_at) VALUES
      ('customers', 'P1', 'phone', NULL, '+79160000001', '2026-11-01', 2, '2026-10-21 10:00'),
      ('customers', 'P1', 'tier', 'basic', 'silver', '2026-11-01', 2, '2026-10-25 10:00'),
      ('customers', 'P1', 'consent_sms', 'false', 'true', '2026-11-01', 2, '2026-10-28 10:00'),
      ('customers', 'P2', 'tier', 'gold', 'silver', '2026-11-01', 2, '2026-09-30 10:00'),
      ('customers', 'P2', 'consent_email', 'true', 'false', '2026-11-01', 2, '2026-10-30 10:00')`);
    const levels = [{ tier: "basic", minSpend: 0 }, { tier: "silver", minSpend: 1000 }, { tier: "gold", minSpend: 3000 }];
    await buildModels(t.wh, selectModels(MODELS, "+mart_customer_features"), { asOf: "2026-10-31", params: parseConfig({ models: { tiers: { levels } } }).models });
  });
  afterAll(() => t.cleanup());

  const fields = ["days_to_child_birthday", "qualifying_spend", "next_tier", "amount_to_next_tier", "days_since_tier_change", "last_tier_move",
    "days_since_consent_given", "days_since_consent_withdrawn", "days_since_profile_completed"];
  const pick = async (id: string) => t.wh.one(`SELECT ${fields.join(", ")} FROM mart_customer_features WHERE customer_id = '${id}'`);

  it("P1: a child's birthday in 3 days, 2 200 to gold, moved up 6 days ago, consented 3 days ago, completed its profile 10 days ago", async () => {
    expect(await pick("P1")).toEqual({
      days_to_child_birthday: 3, qualifying_spend: 800, next_tier: "gold", amount_to_next_tier: 2200, days_since_tier_change: 6, last_tier_move: "up",
      days_since_consent_given: 3, days_since_consent_withdrawn: null, days_since_profile_completed: 10,
    });
  });

  it("P2: moved down 31 days ago, withdrew a consent yesterday, complete since it joined", async () => {
    expect(await pick("P2")).toEqual({
      days_to_child_birthday: null, qualifying_spend: 0, next_tier: "gold", amount_to_next_tier: 3000, days_since_tier_change: 31, last_tier_move: "down",
      days_since_consent_given: null, days_since_consent_withdrawn: 1, days_since_profile_completed: 244,
    });
  });

  it("P3: an unknown tier has no next tier and no amount to it", async () => {
    expect(await pick("P3")).toEqual({
      days_to_child_birthday: null, qualifying_spend: 0, next_tier: null, amount_to_next_tier: null, days_since_tier_change: null, last_tier_move: null,
      days_since_consent_given: null, days_since_consent_withdrawn: null, days_since_profile_completed: null,
    });
  });
});
