import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/config.js";
import { seedAssortmentChain } from "../../test/fixtures/assortment-chain.js";
import { tempWarehouse } from "../../test/helpers/temp-warehouse.js";
import { buildModels, selectModels } from "../build-models.js";
import { MODELS } from "../registry.js";

let t: Awaited<ReturnType<typeof tempWarehouse>>;
let warnings: (string | undefined)[];

beforeAll(async () => {
  t = await tempWarehouse();
  await seedAssortmentChain(t.wh);
  const results = await buildModels(t.wh, selectModels(MODELS, "+mart_category_sales"), { asOf: "2026-10-31", params: parseConfig({}).models });
  warnings = results.filter((r) => r.model === "mart_category_sales").map((r) => r.warning);
});
afterAll(() => t.cleanup());

const rows = (where: string) =>
  t.wh.all(`SELECT * EXCLUDE (period_start, scope, scope_id) FROM mart_category_sales WHERE ${where} ORDER BY category, brand, margin_class`);
const october = (scope: string, cells: string) => rows(`period_start = DATE '2026-10-01' AND scope_id = '${scope}' AND ${cells}`);

// October's lines (R06 returns R05's milk; its line does not say so, the receipt does):
//   R05 C2: Молоко/Простоквашино/B 90, Хлеб/Каравай/B 60 (2 units), X9 (not in the catalogue) 10
//   R06 C2: Молоко/Простоквашино/B −90 (−1 unit)
//   R07 C1: Молоко/Бурёнка/A 100, Фрукты/(no brand)/A 50 (2 units)
//   R08 anonymous: Фрукты/A 30, Хлеб/B 30
//   R09 C2: Хлеб/B 40;  R11 C4: Молоко/Бурёнка/A 100
// Active members: C1, C2, C4 (3). At 31 October C2 is new (first purchase 28 days before), C1 and
// C4 developing (first purchases 82 and 36 days before, few purchases, last ones recent).
describe("mart_category_sales", () => {
  it("sums October's categories for the chain: a return subtracts, buyers are members, penetration of the 3 active", async () => {
    // Молоко 90 − 90 + 100 + 100 = 200 on R05, R07, R11 (C2 bought before returning: still a buyer);
    // Хлеб 60 + 30 + 40 = 130 (C2 only: R08 has no card); Фрукты 50 + 30 = 80 (C1); (unknown) 10; total 420
    expect(await october("chain", "brand = '(all)' AND margin_class = '(all)'")).toEqual([
      { category: "(all)", brand: "(all)", margin_class: "(all)", revenue: 420, units: 10, receipts: 5, buyers: 3, active_members: 3, penetration: 1, revenue_share: 1 },
      { category: "(unknown)", brand: "(all)", margin_class: "(all)", revenue: 10, units: 1, receipts: 1, buyers: 1, active_members: 3, penetration: 1 / 3, revenue_share: 10 / 420 },
      { category: "Молоко", brand: "(all)", margin_class: "(all)", revenue: 200, units: 2, receipts: 3, buyers: 3, active_members: 3, penetration: 1, revenue_share: 200 / 420 },
      { category: "Фрукты", brand: "(all)", margin_class: "(all)", revenue: 80, units: 3, receipts: 2, buyers: 1, active_members: 3, penetration: 1 / 3, revenue_share: 80 / 420 },
      { category: "Хлеб", brand: "(all)", margin_class: "(all)", revenue: 130, units: 4, receipts: 3, buyers: 1, active_members: 3, penetration: 1 / 3, revenue_share: 130 / 420 },
    ]);
  });

  it("splits a category by brand: Простоквашино sold 90 and lost it to the return, Бурёнка carries the milk", async () => {
    expect(await october("chain", "category = 'Молоко' AND brand <> '(all)'")).toEqual([
      { category: "Молоко", brand: "Бурёнка", margin_class: "(all)", revenue: 200, units: 2, receipts: 2, buyers: 2, active_members: 3, penetration: 2 / 3, revenue_share: 1 },
      { category: "Молоко", brand: "Простоквашино", margin_class: "(all)", revenue: 0, units: 0, receipts: 1, buyers: 1, active_members: 3, penetration: 1 / 3, revenue_share: 0 },
    ]);
  });

  it("gives the margin-class mix of the month and within a category, in money only", async () => {
    // A: Бурёнка 200 + Фрукты 80 = 280 (2 units + 3 units); B: Простоквашино 0 + Хлеб 130 = 130 (0 + 4 units); X9 10
    expect(await october("chain", "category = '(all)' AND margin_class <> '(all)'")).toEqual([
      { category: "(all)", brand: "(all)", margin_class: "(unknown)", revenue: 10, units: 1, receipts: null, buyers: null, active_members: 3, penetration: null, revenue_share: 10 / 420 },
      { category: "(all)", brand: "(all)", margin_class: "A", revenue: 280, units: 5, receipts: null, buyers: null, active_members: 3, penetration: null, revenue_share: 280 / 420 },
      { category: "(all)", brand: "(all)", margin_class: "B", revenue: 130, units: 4, receipts: null, buyers: null, active_members: 3, penetration: null, revenue_share: 130 / 420 },
    ]);
    expect(await october("chain", "category = 'Молоко' AND margin_class <> '(all)'")).toMatchObject([
      { margin_class: "A", revenue: 200, revenue_share: 1 },
      { margin_class: "B", revenue: 0, revenue_share: 0 },
    ]);
  });

  it("splits October by stage at the month's end, anonymous buyers apart, and the stages add up to the chain", async () => {
    // developing C1, C4: R07 + R11 = 250, Молоко 200 both, Фрукты 50 C1; new C2: R05 + R06 + R09 = 110; anonymous R08 = 60
    expect(await october("developing", "brand = '(all)' AND margin_class = '(all)'")).toEqual([
      { category: "(all)", brand: "(all)", margin_class: "(all)", revenue: 250, units: 4, receipts: 2, buyers: 2, active_members: 2, penetration: 1, revenue_share: 1 },
      { category: "Молоко", brand: "(all)", margin_class: "(all)", revenue: 200, units: 2, receipts: 2, buyers: 2, active_members: 2, penetration: 1, revenue_share: 0.8 },
      { category: "Фрукты", brand: "(all)", margin_class: "(all)", revenue: 50, units: 2, receipts: 1, buyers: 1, active_members: 2, penetration: 0.5, revenue_share: 0.2 },
    ]);
    expect(await october("new", "category = '(all)' AND brand = '(all)' AND margin_class = '(all)'")).toMatchObject([{ revenue: 110, receipts: 2, buyers: 1, active_members: 1, penetration: 1 }]);
    expect(await october("(anonymous)", "category = '(all)' AND brand = '(all)' AND margin_class = '(all)'")).toMatchObject([
      { revenue: 60, receipts: 1, buyers: 0, active_members: null, penetration: null },
    ]);
    const sums = await t.wh.all(`SELECT scope, sum(revenue) AS revenue, sum(receipts)::INT AS receipts FROM mart_category_sales
      WHERE category <> '(all)' AND brand = '(all)' AND margin_class = '(all)' GROUP BY scope ORDER BY scope`);
    // August 125 + September 430 + October 420; receipts per category: 2 + 7 + 9
    expect(sums).toEqual([{ scope: "chain", revenue: 975, receipts: 18 }, { scope: "cvm_stage", revenue: 975, receipts: 18 }]);
  });

  it("counts earlier months with their own stages: September's new members C3 and C4, and weighed fruit", async () => {
    // R02 C1 (developing): Молоко 100 (2 units), Хлеб 40; R03 C3 (new): Хлеб 60, Фрукты 60 (1.5 kg); R04 anonymous: Молоко 80, Хлеб 40; R10 C4 (new): Хлеб 50
    expect(await rows("period_start = DATE '2026-09-01' AND scope = 'chain' AND brand = '(all)' AND margin_class = '(all)' AND category <> '(all)'")).toMatchObject([
      { category: "Молоко", revenue: 180, units: 3, receipts: 2, buyers: 1, active_members: 3, penetration: 1 / 3 },
      { category: "Фрукты", revenue: 60, units: 1.5, receipts: 1, buyers: 1, penetration: 1 / 3 },
      { category: "Хлеб", revenue: 190, units: 4, receipts: 4, buyers: 3, penetration: 1 },
    ]);
    expect(await t.wh.all(`SELECT scope_id, revenue, buyers, active_members, penetration FROM mart_category_sales
      WHERE period_start = DATE '2026-09-01' AND scope = 'cvm_stage' AND category = 'Хлеб' AND brand = '(all)' AND margin_class = '(all)' ORDER BY scope_id`)).toEqual([
      { scope_id: "(anonymous)", revenue: 40, buyers: 0, active_members: null, penetration: null },
      { scope_id: "developing", revenue: 40, buyers: 1, active_members: 1, penetration: 1 }, // C1
      { scope_id: "new", revenue: 110, buyers: 2, active_members: 2, penetration: 1 }, // C3 and C4
    ]);
  });

  it("keeps a product without a category apart from a SKU the catalogue does not name, within (unknown)", async () => {
    // R01 (C1): Молоко 100, G1 (no category, brand Подарок) 20, X9 (not in the catalogue) 5
    expect(await rows("period_start = DATE '2026-08-01' AND scope = 'chain' AND category = '(unknown)' AND margin_class = '(all)'")).toMatchObject([
      { brand: "(all)", revenue: 25, receipts: 1, buyers: 1, revenue_share: 25 / 125 },
      { brand: "(unknown)", revenue: 5, receipts: 1, buyers: 1, revenue_share: 0.2 },
      { brand: "Подарок", revenue: 20, receipts: 1, buyers: 1, revenue_share: 0.8 },
    ]);
  });

  it("warns that some revenue has no category: G1's 20 and X9's 5 + 10 of the lines' 975", () => {
    expect(warnings).toEqual(["3.6 % of the lines' revenue is of SKUs without a category in the products feed: it is counted under (unknown)"]);
  });

  it("keeps one row per month, scope and cell", async () => {
    const { n, distinct } = await t.wh.one<{ n: number; distinct: number }>(`SELECT count(*)::INT AS n,
      count(DISTINCT (period_start, scope, scope_id, category, brand, margin_class))::INT AS distinct FROM mart_category_sales`);
    expect(n).toBe(distinct);
  });
});
