import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/config.js";
import { seedAssortmentChain } from "../../test/fixtures/assortment-chain.js";
import { tempWarehouse } from "../../test/helpers/temp-warehouse.js";
import { buildModels, selectModels } from "../build-models.js";
import { MODELS } from "../registry.js";
import { martEntryCategory } from "./mart-entry-category.js";

let t: Awaited<ReturnType<typeof tempWarehouse>>;
const build = (entryRepeatDays?: number) =>
  buildModels(t.wh, [martEntryCategory], { asOf: "2026-10-31", params: parseConfig({ models: { assortment: { entryRepeatDays } } }).models }, { full: true });
const table = () => t.wh.all("SELECT period_start::VARCHAR AS month, * EXCLUDE (period_start) FROM mart_entry_category ORDER BY 1, 2");

beforeAll(async () => {
  t = await tempWarehouse();
  await seedAssortmentChain(t.wh);
  await buildModels(t.wh, selectModels(MODELS, "+mart_entry_category"), { asOf: "2026-10-31", params: parseConfig({}).models });
});
afterAll(() => t.cleanup());

// First sales receipts and second purchase days:
//   C1 R01 10 Aug: Молоко 100, (unknown) 25       → Молоко; again 5 Sep (26 days)
//   C3 R03 12 Sep: Хлеб 60, Фрукты 60 (a tie)     → Фрукты, first in alphabetical order; never again
//   C4 R10 25 Sep: Хлеб 50                        → Хлеб; again 20 Oct (25 days)
//   C2 R05  3 Oct: Молоко 90, Хлеб 60, X9 10      → Молоко (returned the next day: the entry stands); again 20 Oct (17 days)
describe("mart_entry_category", () => {
  it("counts a 30-day repeat among buyers whose 30 days have passed by 31 October (first purchase by 1 October)", async () => {
    await build(30);
    expect(await table()).toEqual([
      { month: "2026-08-01", entry_category: "(all)", new_buyers: 1, new_buyer_share: 1, repeat_window_days: 30, matured_buyers: 1, repeat_buyers: 1, repeat_rate: 1 },
      { month: "2026-08-01", entry_category: "Молоко", new_buyers: 1, new_buyer_share: 1, repeat_window_days: 30, matured_buyers: 1, repeat_buyers: 1, repeat_rate: 1 },
      { month: "2026-09-01", entry_category: "(all)", new_buyers: 2, new_buyer_share: 1, repeat_window_days: 30, matured_buyers: 2, repeat_buyers: 1, repeat_rate: 0.5 },
      { month: "2026-09-01", entry_category: "Фрукты", new_buyers: 1, new_buyer_share: 0.5, repeat_window_days: 30, matured_buyers: 1, repeat_buyers: 0, repeat_rate: 0 },
      { month: "2026-09-01", entry_category: "Хлеб", new_buyers: 1, new_buyer_share: 0.5, repeat_window_days: 30, matured_buyers: 1, repeat_buyers: 1, repeat_rate: 1 },
      // C2 bought again, but their 30 days run to 2 November: no rate yet
      { month: "2026-10-01", entry_category: "(all)", new_buyers: 1, new_buyer_share: 1, repeat_window_days: 30, matured_buyers: 0, repeat_buyers: 0, repeat_rate: null },
      { month: "2026-10-01", entry_category: "Молоко", new_buyers: 1, new_buyer_share: 1, repeat_window_days: 30, matured_buyers: 0, repeat_buyers: 0, repeat_rate: null },
    ]);
  });

  it("keeps one row per month and entry category", async () => {
    const { n, distinct } = await t.wh.one<{ n: number; distinct: number }>("SELECT count(*)::INT AS n, count(DISTINCT (period_start, entry_category))::INT AS distinct FROM mart_entry_category");
    expect(n).toBe(distinct);
  });

  it("waits 90 days by default: C1's first purchase on 10 August is 82 days old, so no month has a rate yet", async () => {
    await build();
    expect(await t.wh.all("SELECT DISTINCT repeat_window_days, matured_buyers, repeat_rate FROM mart_entry_category")).toEqual([
      { repeat_window_days: 90, matured_buyers: 0, repeat_rate: null },
    ]);
  });
});
