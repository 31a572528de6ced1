import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/config.js";
import { seed } from "../../test/helpers/seed-staging.js";
import { tempWarehouse } from "../../test/helpers/temp-warehouse.js";
import { buildModels, selectModels } from "../build-models.js";
import { MODELS } from "../registry.js";

let t: Awaited<ReturnType<typeof tempWarehouse>>;

/**
 * Purchases (day → amount) of members who churn in October 2026 or stay, built as of 31 October by the rhythm rules with
 * churnMultiple 2: every usual interval here is at most 90 days, so a member is churned after 180 days without a purchase.
 * The signal windows are the 90 days to the last purchase ("recent") and the 90 before ("before").
 */
const PURCHASES: Record<string, [string, number][]> = {
  // last purchase 1 May: 152 days on 30 September (pre-churn), 183 on 31 October (churned). Before (2 Nov – 31 Jan):
  // 4 receipts of 1 000; recent (1 Feb – 1 May): 2 of 400 — fewer and smaller
  A: [["2025-11-10", 1000], ["2025-12-01", 1000], ["2025-12-20", 1000], ["2026-01-10", 1000], ["2026-02-15", 400], ["2026-05-01", 400]],
  // last purchase 20 April: 163 days, then 194 (churned). Before (23 Oct – 20 Jan): 2 of 500; recent: 2 of 600 — neither signal
  B: [["2025-11-15", 500], ["2026-01-20", 500], ["2026-03-01", 600], ["2026-04-20", 600]],
  // one purchase, 25 April: 158 days, then 189 (churned); nothing before its recent window, so not compared
  C: [["2026-04-25", 300]],
  // developing on both month ends; recent (23 Jul – 20 Oct): 2 of 200, before (24 Apr – 22 Jul): 3 of 200 — fewer, same size
  D: [["2026-05-01", 200], ["2026-06-01", 200], ["2026-07-01", 200], ["2026-08-10", 200], ["2026-10-20", 200]],
  // developing on both month ends; recent (28 Jul – 25 Oct): 150 and 150, before: 100 — neither signal
  E: [["2026-06-15", 100], ["2026-09-10", 150], ["2026-10-25", 150]],
  // churned since May (one purchase in December 2025): not at risk in October
  G: [["2025-12-01", 100]],
};
// F registered in September and never bought: not at risk either.
const PROFILES: Record<string, { home_store_id: string; registration_channel: string; tier: string }> = {
  A: { home_store_id: "S1", registration_channel: "till", tier: "silver" }, // gold until 10 October (below)
  B: { home_store_id: "S1", registration_channel: "app", tier: "silver" },
  C: { home_store_id: "S2", registration_channel: "till", tier: "basic" },
  D: { home_store_id: "S1", registration_channel: "till", tier: "silver" },
  E: { home_store_id: "S2", registration_channel: "app", tier: "basic" },
  F: { home_store_id: "S2", registration_channel: "app", tier: "basic" },
  G: { home_store_id: "S2", registration_channel: "site", tier: "basic" },
};

beforeAll(async () => {
  t = await tempWarehouse();
  await seed(t.wh, "stg_stores", [{ store_id: "S1", name: "Тверская", city: "Москва" }, { store_id: "S2", name: "Баумана", city: "Казань" }]);
  await seed(t.wh, "stg_customers", Object.entries(PROFILES).map(([customer_id, p]) =>
    ({ customer_id, registered_at: customer_id === "F" ? "2026-09-01 10:00" : "2025-10-01 10:00", ...p })));
  await seed(t.wh, "stg_cards", Object.keys(PROFILES).map((c) => ({ card_number: `K${c}`, customer_id: c, issued_at: "2025-10-01 10:00" })));
  await seed(t.wh, "stg_receipts", Object.entries(PURCHASES).flatMap(([member, days]) => days.map(([day, total], i) =>
    ({ store_id: "S1", receipt_id: `${member}${i}`, receipt_at: `${day} 12:00`, card_number: `K${member}`, total, is_return: false }))));
  // first receipts' lines, for the entry category: A and E entered through milk, B (300 of bread, 200 of milk) and C through
  // bread; D's first receipt has no lines: (unknown)
  await seed(t.wh, "stg_products", [{ sku: "MILK", name: "Молоко", category: "Молоко" }, { sku: "BREAD", name: "Хлеб", category: "Хлеб" }]);
  const line = (receipt_id: string, line_no: number, sku: string, amount: number) => ({ store_id: "S1", receipt_id, line_no, sku, quantity: 1, price: amount, amount, is_return: false });
  await seed(t.wh, "stg_receipt_lines", [line("A0", 1, "MILK", 1000), line("B0", 1, "BREAD", 300), line("B0", 2, "MILK", 200), line("C0", 1, "BREAD", 300), line("E0", 1, "MILK", 100)]);
  await t.wh.exec(`INSERT INTO history_changes BY NAME SELECT 'customers' AS feed, 'A' AS entity_key, 'tier' AS field, 'gold' AS old_value,
    'silver' AS new_value, TIMESTAMP '2026-11-01 03:00' AS changed_at, 7 AS file_id, TIMESTAMP '2026-10-10 09:00' AS effective_at`);
  const params = parseConfig({ models: { lifecycle: { useProbabilityAlive: "off", churnMultiple: 2 } } }).models;
  for (const mart of ["+mart_churn_drivers", "+mart_churn_signals"]) await buildModels(t.wh, selectModels(MODELS, mart), { asOf: "2026-10-31", params });
});
afterAll(() => t.cleanup());

const october = (scope: string) => t.wh.all(`SELECT scope_id, at_risk, churned, churn_rate FROM mart_churn_drivers
  WHERE as_of = DATE '2026-10-31' AND scope = '${scope}' ORDER BY scope_id`);

describe("mart_churn_drivers", () => {
  it("counts October's members at risk (A–E, buying on 30 September) and the three who churned (A, B, C)", async () => {
    expect(await october("chain")).toEqual([{ scope_id: "chain", at_risk: 5, churned: 3, churn_rate: 0.6 }]);
  });

  it("splits them by home store and registration channel", async () => {
    expect(await october("home_store")).toEqual([
      { scope_id: "S1", at_risk: 3, churned: 2, churn_rate: 2 / 3 }, // A, B churned; D stayed
      { scope_id: "S2", at_risk: 2, churned: 1, churn_rate: 0.5 }, // C churned; E stayed
    ]);
    expect(await october("registration_channel")).toEqual([
      { scope_id: "app", at_risk: 2, churned: 1, churn_rate: 0.5 }, // B, E
      { scope_id: "till", at_risk: 3, churned: 2, churn_rate: 2 / 3 }, // A, C, D
    ]);
  });

  it("puts A in gold, the tier A had on 30 September, not the silver of 10 October", async () => {
    expect(await october("tier")).toEqual([
      { scope_id: "basic", at_risk: 2, churned: 1, churn_rate: 0.5 }, // C, E
      { scope_id: "gold", at_risk: 1, churned: 1, churn_rate: 1 }, // A
      { scope_id: "silver", at_risk: 2, churned: 1, churn_rate: 0.5 }, // B, D
    ]);
  });

  it("splits them by the category of the first purchase", async () => {
    expect(await october("entry_category")).toEqual([
      { scope_id: "(unknown)", at_risk: 1, churned: 0, churn_rate: 0 }, // D
      { scope_id: "Молоко", at_risk: 2, churned: 1, churn_rate: 0.5 }, // A churned, E stayed
      { scope_id: "Хлеб", at_risk: 2, churned: 2, churn_rate: 1 }, // B, C
    ]);
  });

  it("finds G churning in May, 181 days after its one purchase", async () => {
    expect(await t.wh.all("SELECT as_of::VARCHAR AS as_of, at_risk, churned FROM mart_churn_drivers WHERE scope = 'chain' AND churned > 0 ORDER BY 1")).toEqual([
      { as_of: "2026-05-31", at_risk: 4, churned: 1 }, // A, B, C (new since 25 April) and G were buying on 30 April; G's purchase was 181 days before 31 May
      { as_of: "2026-10-31", at_risk: 5, churned: 3 },
    ]);
  });
});

describe("mart_churn_signals", () => {
  it("compares those who churned in October: A's frequency fell and basket shrank, B's did not, C had no earlier window", async () => {
    expect(await t.wh.one("SELECT * EXCLUDE (as_of, outcome) FROM mart_churn_signals WHERE as_of = DATE '2026-10-31' AND outcome = 'churned'")).toEqual({
      members: 3, compared: 2, falling_frequency: 1, shrinking_basket: 1, falling_frequency_share: 0.5, shrinking_basket_share: 0.5,
      // A and B: 2 + 2 receipts recently against 4 + 2 before; sales 800 + 1 200 against 4 000 + 1 000
      compared_receipts_recent: 4, compared_receipts_before: 6, compared_sales_recent: 2000, compared_sales_before: 5000,
      frequency_change: 4 / 6 - 1, basket_change: (2000 / 4) / (5000 / 6) - 1, window_days: 90,
    });
  });

  it("against those who stayed: D bought less often at the same size, E neither", async () => {
    expect(await t.wh.one("SELECT * EXCLUDE (as_of, outcome) FROM mart_churn_signals WHERE as_of = DATE '2026-10-31' AND outcome = 'stayed'")).toEqual({
      members: 2, compared: 2, falling_frequency: 1, shrinking_basket: 0, falling_frequency_share: 0.5, shrinking_basket_share: 0,
      compared_receipts_recent: 4, compared_receipts_before: 4, compared_sales_recent: 700, compared_sales_before: 700, frequency_change: 0, basket_change: 0, window_days: 90,
    });
  });
});
