import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/config.js";
import { seed } from "../../test/helpers/seed-staging.js";
import { tempWarehouse } from "../../test/helpers/temp-warehouse.js";
import { buildModels, selectModels } from "../build-models.js";
import { MODELS } from "../registry.js";

let t: Awaited<ReturnType<typeof tempWarehouse>>;

// Levels basic 0 / silver 1 000 / gold 3 000, qualifying spend over 2 months, built as of 31 October.
// T1 joined 15 Jul as basic, went silver on 20 Aug and gold on 3 Oct. T2 joined in June as silver and
// fell to basic on 10 Sep. T3 joined 5 Sep as basic and went 'platinum' (a tier the levels do not know)
// on 15 Oct. T4 joined 10 Aug as silver and stayed. Months run from July, the first receipt's month.
// Tier at each month end:     Jul     Aug     Sep     Oct
//   T1 (spend 500/800/0/2000) basic   silver  silver  gold
//   T2 (300/0/0/0)            silver  silver  basic   basic
//   T3 (none)                 —       —       basic   platinum
//   T4 (0/0/900/1600)         —       silver  silver  silver
const levels = [{ tier: "basic", minSpend: 0 }, { tier: "silver", minSpend: 1000 }, { tier: "gold", minSpend: 3000 }];

beforeAll(async () => {
  t = await tempWarehouse();
  await seed(t.wh, "stg_stores", [{ store_id: "S1", name: "Тверская", city: "Москва" }]);
  const customer = (customer_id: string, registered_at: string, tier: string) => ({ customer_id, registered_at, tier });
  await seed(t.wh, "stg_customers", [
    customer("T1", "2026-07-15 10:00", "gold"), customer("T2", "2026-06-01 10:00", "basic"),
    customer("T3", "2026-09-05 10:00", "platinum"), customer("T4", "2026-08-10 10:00", "silver"),
  ]);
  await seed(t.wh, "stg_cards", ["T1", "T2", "T3", "T4"].map((c) => ({ card_number: `K${c}`, customer_id: c, issued_at: "2026-06-01 10:00" })));
  const receipt = (receipt_id: string, at: string, card: string, total: number) => ({ store_id: "S1", receipt_id, receipt_at: at, card_number: card, total, is_return: false });
  await seed(t.wh, "stg_receipts", [
    receipt("R1", "2026-07-20 12:00", "KT1", 500), receipt("R2", "2026-08-25 12:00", "KT1", 800), receipt("R3", "2026-10-05 12:00", "KT1", 2000),
    receipt("R4", "2026-07-02 12:00", "KT2", 300), receipt("R5", "2026-09-01 12:00", "KT4", 900), receipt("R6", "2026-10-01 12:00", "KT4", 1600),
  ]);
  const change = (entity_key: string, field: string, old_value: string, new_value: string, effective_at: string | null, changed_at = "2026-11-01 03:00") =>
    ({ feed: "customers", entity_key, field, old_value, new_value, changed_at, file_id: 7, effective_at });
  await t.wh.exec(`INSERT INTO history_changes BY NAME SELECT * FROM (VALUES ${[
    change("T1", "tier", "basic", "silver", "2026-08-20 09:00"),
    change("T1", "tier", "silver", "gold", "2026-10-03 09:00"),
    change("T2", "tier", "silver", "basic", "2026-09-10 09:00"),
    change("T3", "tier", "basic", "platinum", "2026-10-15 09:00"),
    change("T4", "consent_sms", "false", "true", null, "2026-10-20 03:00"), // the feed gave no date: dated by the load
    change("T4", "consent_email", "false", "true", null, "2026-11-02 03:00"), // after the build date
    { ...change("KT4", "status", "active", "blocked", "2026-10-25 09:00"), feed: "cards" }, // a card's change is its owner's
  ].map((c) => `(${Object.values(c).map((v) => (v === null ? "NULL" : typeof v === "number" ? v : `'${v}'`)).join(", ")})`).join(", ")})
    v(feed, entity_key, field, old_value, new_value, changed_at, file_id, effective_at)`);
  await buildModels(t.wh, selectModels(MODELS, "+mart_tiers"), { asOf: "2026-10-31", params: parseConfig({ models: { tiers: { levels, qualifyingMonths: 2 } } }).models });
});
afterAll(() => t.cleanup());

const month = (m: string) => t.wh.all(`SELECT * EXCLUDE (period_start) FROM mart_tiers WHERE period_start = DATE '2026-${m}-01' ORDER BY tier`);
const zero = { new_members: 0, kept: 0, arrived_up: 0, arrived_down: 0, arrived_unranked: 0, left_up: 0, left_down: 0, close_to_next_tier: 0 };

describe("fct_profile_changes", () => {
  it("dates a change by the source system, or by the load where the feed gave no date, gives a card's change to its owner, and leaves out what came after the build date", async () => {
    expect(await t.wh.all(`SELECT customer_id, field, new_value, changed_on::VARCHAR AS changed_on, dated_by FROM fct_profile_changes ORDER BY changed_at`)).toEqual([
      { customer_id: "T1", field: "tier", new_value: "silver", changed_on: "2026-08-20", dated_by: "source" },
      { customer_id: "T2", field: "tier", new_value: "basic", changed_on: "2026-09-10", dated_by: "source" },
      { customer_id: "T1", field: "tier", new_value: "gold", changed_on: "2026-10-03", dated_by: "source" },
      { customer_id: "T3", field: "tier", new_value: "platinum", changed_on: "2026-10-15", dated_by: "source" },
      { customer_id: "T4", field: "consent_sms", new_value: "true", changed_on: "2026-10-20", dated_by: "load" },
      { customer_id: "T4", field: "status", new_value: "blocked", changed_on: "2026-10-25", dated_by: "source" },
    ]);
  });
});

describe("mart_tiers", () => {
  it("starts with July: T1 new in basic, T2 in silver with no month before to compare", async () => {
    expect(await month("07")).toEqual([
      { tier: "basic", members: 1, member_share: 0.5, ...zero, new_members: 1, avg_qualifying_spend: 500 },
      { tier: "silver", members: 1, member_share: 0.5, ...zero, avg_qualifying_spend: 300 },
    ]);
  });

  it("August: T1 moves up out of basic (left empty), T2 keeps silver, T4 joins in it", async () => {
    const [basic, silver] = await month("08");
    expect(basic).toEqual({ tier: "basic", members: 0, member_share: 0, ...zero, left_up: 1, avg_qualifying_spend: null });
    expect(silver).toMatchObject({ tier: "silver", members: 3, member_share: 1, ...zero, new_members: 1, kept: 1, arrived_up: 1 });
    expect(silver.avg_qualifying_spend).toBeCloseTo((1300 + 300 + 0) / 3, 9);
  });

  it("September: T2 falls to basic, where T3 joins; T1 and T4 keep silver", async () => {
    expect(await month("09")).toEqual([
      { tier: "basic", members: 2, member_share: 0.5, ...zero, new_members: 1, arrived_down: 1, avg_qualifying_spend: 0 },
      { tier: "silver", members: 2, member_share: 0.5, ...zero, kept: 2, left_down: 1, avg_qualifying_spend: 850 },
    ]);
  });

  it("October: T1 reaches gold, T3's unknown tier is an unranked move, T4 is 2 500 of the 3 000 gold needs: close", async () => {
    expect(await month("10")).toEqual([
      { tier: "basic", members: 1, member_share: 0.25, ...zero, kept: 1, avg_qualifying_spend: 0 },
      { tier: "gold", members: 1, member_share: 0.25, ...zero, arrived_up: 1, avg_qualifying_spend: 2000 },
      { tier: "platinum", members: 1, member_share: 0.25, ...zero, arrived_unranked: 1, avg_qualifying_spend: 0 },
      { tier: "silver", members: 1, member_share: 0.25, ...zero, kept: 1, left_up: 1, close_to_next_tier: 1, avg_qualifying_spend: 2500 },
    ]);
  });
});
