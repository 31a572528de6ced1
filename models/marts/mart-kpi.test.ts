import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/config.js";
import { seedTinyChain } from "../../test/fixtures/tiny-chain.js";
import { tempWarehouse } from "../../test/helpers/temp-warehouse.js";
import { buildModels, selectModels } from "../build-models.js";
import { MODELS } from "../registry.js";

let t: Awaited<ReturnType<typeof tempWarehouse>>;
beforeAll(async () => {
  t = await tempWarehouse();
  await seedTinyChain(t.wh);
  await buildModels(t.wh, selectModels(MODELS, "+mart_kpi"), { asOf: "2026-10-31", params: parseConfig({}).models });
});
afterAll(() => t.cleanup());

const row = (where: string) => t.wh.one(`SELECT * EXCLUDE (grain, period_start, period_end, scope, scope_id, audience) FROM mart_kpi WHERE ${where}`);

describe("mart_kpi on the tiny chain", () => {
  it("October 2026 for the whole chain, worked out by hand", async () => {
    // Sales R2 300, R3 100, R4 500, R6 200; return R5 100. Items 3 + 1 + 4 + 2 = 10 on sales.
    // Members C1 (R2, R6) and C2 (R4); R3 is anonymous.
    const oct = await row("grain = 'month' AND period_start = DATE '2026-10-01' AND scope = 'chain' AND audience = 'all'");
    expect(oct).toMatchObject({
      is_complete: true,
      revenue: 1000, // 300 + 100 + 500 − 100 + 200
      revenue_gross: 1100,
      returns: 100,
      receipts: 4,
      avg_check: 250, // 1000 / 4
      items_per_receipt: 2.5, // 10 / 4
      avg_item_price: 110, // 1100 / 10
      active_members: 2,
      purchase_frequency: 1.5, // 3 member receipts / 2 members
      identified_receipt_share: 0.75, // 3 / 4
      identified_revenue_share: 0.9, // (300 + 500 − 100 + 200) / 1000
      discounts: 30,
      bonus_earned: 15,
      bonus_spent: 50,
      revenue_prev: 200, // September: R1
      receipts_prev: 1,
      revenue_ly: 100, // October 2025: R0
      active_members_ly: 1,
    });
  });

  it("splits by store, city and audience", async () => {
    expect(await row("grain = 'month' AND period_start = DATE '2026-10-01' AND scope = 'store' AND scope_id = 'S2' AND audience = 'members'")).toMatchObject({
      revenue: 400,
      receipts: 1,
      avg_check: 400,
      active_members: 1,
    });
    expect(await row("grain = 'month' AND period_start = DATE '2026-10-01' AND scope = 'city' AND scope_id = 'Москва' AND audience = 'anonymous'")).toMatchObject({
      revenue: 100,
      receipts: 1,
      active_members: 0,
      identified_receipt_share: 0,
    });
  });

  it("weeks start on Monday and compare with the previous week and 52 weeks back", async () => {
    // 2026-10-05 is a Monday: R4 (500) and the return R5 (−100) fall in its week, R6 (200) too.
    expect(await row("grain = 'week' AND period_start = DATE '2026-10-05' AND scope = 'chain' AND audience = 'all'")).toMatchObject({
      revenue: 600,
      receipts: 2,
      revenue_prev: 400, // week of 2026-09-28: R2 300 + R3 100
      revenue_ly: 100, // 52 weeks back: the week of 2025-10-06 holds R0 (2025-10-10)
    });
  });

  it("weeks can start on Sunday (models.weekStart)", async () => {
    await buildModels(t.wh, selectModels(MODELS, "mart_kpi"), { asOf: "2026-10-31", params: parseConfig({ models: { weekStart: "sunday" } }).models });
    // Sunday 2026-10-04 to Saturday 10-10: R4 500 (K2), the return R5 −100, R6 200 (K1).
    expect(await row("grain = 'week' AND period_start = DATE '2026-10-04' AND scope = 'chain' AND audience = 'all'")).toMatchObject({
      revenue: 600,
      receipts: 2,
      active_members: 2, // K1 and K2; K1 bought on 10-01 too, but that was the week before
      revenue_prev: 400, // Sunday 09-27 to 10-03: R2 300 + R3 100
      active_members_prev: 1,
      revenue_ly: 100, // 52 weeks back, Sunday 2025-10-05: R0 (Friday 2025-10-10)
    });
    // R9 on Monday 2026-08-10 belongs to the week that began the day before
    expect(await row("grain = 'week' AND period_start = DATE '2026-08-09' AND scope = 'store' AND scope_id = 'S2' AND audience = 'all'")).toMatchObject({ revenue: 150, active_members: 1 });
  });

  it("marks a period that runs past the as-of date incomplete", async () => {
    const partial = await buildModelsAsOf("2026-10-15");
    expect(partial).toEqual({ is_complete: false });
  });
});

async function buildModelsAsOf(asOf: string) {
  await buildModels(t.wh, selectModels(MODELS, "mart_kpi"), { asOf, params: parseConfig({}).models });
  return t.wh.one("SELECT is_complete FROM mart_kpi WHERE grain = 'month' AND period_start = DATE '2026-10-01' AND scope = 'chain' AND audience = 'all'");
}
