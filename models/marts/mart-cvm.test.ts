import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/config.js";
import { seed } from "../../test/helpers/seed-staging.js";
import { tempWarehouse } from "../../test/helpers/temp-warehouse.js";
import { buildModels, selectModels } from "../build-models.js";
import { MODELS } from "../registry.js";

let t: Awaited<ReturnType<typeof tempWarehouse>>;

/** One member per stage as of 2026-10-31, with the default thresholds but loyal from 4 purchase days in 180. */
const PURCHASES: Record<string, string[]> = {
  // a single purchase 11 days ago: new
  N: ["2026-10-20"],
  // every 30 days, the last 29 days ago; 6 purchase days in the last 180: loyal
  L: ["2026-05-05", "2026-06-04", "2026-07-04", "2026-08-03", "2026-09-02", "2026-10-02"],
  // two purchases 61 days apart, the last 30 days ago: developing
  D: ["2026-08-01", "2026-10-01"],
  // weekly in August, then nothing for 70 days > max(60, 2 × 7): pre-churn
  P: ["2026-08-01", "2026-08-08", "2026-08-15", "2026-08-22"],
  // one purchase 294 days ago > 180: churned
  C: ["2026-01-10"],
  // two purchases in June 2025 (interval 14), then back after 473 days > max(180, 4 × 14), 30 days ago: won back
  W: ["2025-06-01", "2025-06-15", "2026-10-01"],
};

beforeAll(async () => {
  t = await tempWarehouse();
  await seed(t.wh, "stg_stores", [{ store_id: "S1", name: "a", city: "Москва" }]);
  await seed(t.wh, "stg_customers", [
    { customer_id: "R", registered_at: "2026-09-01 10:00" },
    { customer_id: "F", registered_at: "2026-11-05 10:00" },
  ]);
  for (const [member, days] of Object.entries(PURCHASES)) {
    await seed(t.wh, "stg_cards", [{ card_number: `K${member}`, customer_id: member, issued_at: "2025-01-01" }]);
    await seed(t.wh, "stg_receipts", days.map((day, i) => ({ store_id: "S1", receipt_id: `${member}${i}`, receipt_at: `${day} 12:00`, card_number: `K${member}`, total: 100, is_return: false })));
  }
  await buildModels(t.wh, selectModels(MODELS), { asOf: "2026-10-31", params: parseConfig({ models: { lifecycle: { loyalMinPurchases: 4 } } }).models });
});
afterAll(() => t.cleanup());

describe("CVM lifecycle", () => {
  it("puts each member in the stage its own rhythm says", async () => {
    const rows = await t.wh.all<{ member_id: string; stage: string }>("SELECT member_id, stage FROM mart_cvm_stage ORDER BY member_id");
    expect(Object.fromEntries(rows.map((r) => [r.member_id, r.stage]))).toEqual({
      C: "churned", D: "developing", L: "loyal", N: "new", P: "pre_churn", R: "registered_no_purchase", W: "won_back",
    });
  });

  it("shows the figures behind a stage", async () => {
    expect(await t.wh.one("SELECT days_since_last, usual_interval, pre_churn_after_days, churn_after_days, purchases_in_window FROM mart_cvm_stage WHERE member_id = 'P'")).toEqual({
      days_since_last: 70, usual_interval: 7, pre_churn_after_days: 60, churn_after_days: 180, purchases_in_window: 4,
    });
  });

  it("keeps a monthly history whose stages partition the base, with the loyal-core share", async () => {
    const october = await t.wh.all("SELECT stage, members, loyal_core_share FROM mart_cvm_history WHERE as_of = DATE '2026-10-31' ORDER BY stage");
    expect(october.map((r) => [r.stage, r.members])).toEqual([
      ["churned", 1], ["developing", 1], ["loyal", 1], ["new", 1], ["pre_churn", 1], ["registered_no_purchase", 1], ["won_back", 1],
    ]);
    expect(october[0].loyal_core_share).toBe(0.2); // 1 loyal of 5 buying members (new, developing, loyal, pre-churn, won back)
    const months = await t.wh.one<{ n: number; first: string }>("SELECT count(DISTINCT as_of)::INT AS n, min(as_of)::VARCHAR AS first FROM mart_cvm_history");
    expect(months).toEqual({ n: 17, first: "2025-06-30" });
  });

  it("counts the moves between September and October", async () => {
    const moves = await t.wh.all("SELECT from_stage, to_stage, members FROM mart_cvm_transitions WHERE as_of = DATE '2026-10-31' ORDER BY from_stage, to_stage");
    expect(moves.map((m) => [m.from_stage, m.to_stage, m.members])).toEqual([
      ["(not yet a member)", "new", 1], // N bought for the first time on 2026-10-20
      ["churned", "churned", 1], // C
      ["churned", "won_back", 1], // W: 472 days without a purchase on 30 September
      ["developing", "developing", 1], // D: 60 days since 1 August is not yet more than 60
      ["loyal", "loyal", 1], // L
      ["loyal", "pre_churn", 1], // P: 4 purchase days in the 180 before 30 September
      ["registered_no_purchase", "registered_no_purchase", 1], // R
    ]);
  });
});

describe("the loyal window's edge", () => {
  // as of 2026-10-31 the 180-day window starts after 2026-05-04: a purchase that day is outside it
  let w: Awaited<ReturnType<typeof tempWarehouse>>;
  beforeAll(async () => {
    w = await tempWarehouse();
    await seed(w.wh, "stg_stores", [{ store_id: "S1", name: "a", city: "Москва" }]);
    const edge: Record<string, string[]> = { A: ["2026-05-04", "2026-08-01", "2026-10-01"], B: ["2026-05-05", "2026-08-01", "2026-10-01"] };
    for (const [member, days] of Object.entries(edge)) {
      await seed(w.wh, "stg_cards", [{ card_number: `K${member}`, customer_id: member, issued_at: "2025-01-01" }]);
      await seed(w.wh, "stg_receipts", days.map((day, i) => ({ store_id: "S1", receipt_id: `${member}${i}`, receipt_at: `${day} 12:00`, card_number: `K${member}`, total: 100, is_return: false })));
    }
    const params = parseConfig({ models: { lifecycle: { loyalMinPurchases: 3, useProbabilityAlive: "off" } } }).models;
    for (const model of ["+mart_cvm_stage", "+mart_cvm_monthly"]) await buildModels(w.wh, selectModels(MODELS, model), { asOf: "2026-10-31", params });
  });
  afterAll(() => w.cleanup());

  it("counts three purchase days in the window only when the first of them falls after its start, at the date and at month ends", async () => {
    expect(await w.wh.all("SELECT member_id, stage, purchases_in_window FROM mart_cvm_stage ORDER BY member_id")).toEqual([
      { member_id: "A", stage: "developing", purchases_in_window: 2 },
      { member_id: "B", stage: "loyal", purchases_in_window: 3 },
    ]);
    // at the end of September B had two purchase days: not yet loyal
    expect(await w.wh.all("SELECT member_id, strftime(as_of, '%Y-%m-%d') AS as_of, stage FROM mart_cvm_monthly WHERE as_of >= DATE '2026-09-30' ORDER BY ALL")).toEqual([
      { member_id: "A", as_of: "2026-09-30", stage: "developing" },
      { member_id: "A", as_of: "2026-10-31", stage: "developing" },
      { member_id: "B", as_of: "2026-09-30", stage: "developing" },
      { member_id: "B", as_of: "2026-10-31", stage: "loyal" },
    ]);
  });
});
