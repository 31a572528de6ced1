import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/config.js";
import { seedBaskets, seedProducts, type Basket } from "../../test/fixtures/assortment-chain.js";
import { tempWarehouse } from "../../test/helpers/temp-warehouse.js";
import { buildModels, selectModels } from "../build-models.js";
import { MODELS } from "../registry.js";
import { martCategoryAffinity } from "./mart-category-affinity.js";

let t: Awaited<ReturnType<typeof tempWarehouse>>;
const TEST_RULES = { affinityDays: 30, affinityMinSupport: 0.2, jointOfferMinLift: 1.2, jointOfferMinReceipts: 2 };
const params = (assortment: object) => parseConfig({ models: { assortment } }).models;

// Ten anonymous sales receipts with lines in the 30 days to 31 October (2–31 October):
//   1–3 Пиво + Чипсы (3 also Хлеб), 4 two lines of Пиво, 5–6 Хлеб + Молоко, 7 Хлеб, 8 Молоко,
//   9 Хлеб + Икра, 10 Молоко + Чипсы.
// Left out: a return of Пиво + Икра, Пиво + Икра on 1 October (day 31 back), a receipt without lines.
const basket = (id: string, day: number, skus: string[], extra: Partial<Basket> = {}): Basket =>
  ({ id, at: `2026-10-${String(day).padStart(2, "0")} 12:00`, card: null, lines: skus.map((sku) => ({ sku, amount: 10 })), ...extra });

beforeAll(async () => {
  t = await tempWarehouse();
  await seedProducts(t.wh, { BEER: ["Пиво", null, "B"], CHIPS: ["Чипсы", null, "A"], BREAD: ["Хлеб", null, "B"], MILK: ["Молоко", null, "B"], CAVIAR: ["Икра", null, "A"] });
  await seedBaskets(t.wh, [
    basket("A1", 2, ["BEER", "CHIPS"]), basket("A2", 5, ["BEER", "CHIPS"]), basket("A3", 9, ["BEER", "CHIPS", "BREAD"]), basket("A4", 10, ["BEER", "BEER"]),
    basket("A5", 12, ["BREAD", "MILK"]), basket("A6", 15, ["BREAD", "MILK"]), basket("A7", 20, ["BREAD"]), basket("A8", 25, ["MILK"]),
    basket("A9", 30, ["BREAD", "CAVIAR"]), basket("A10", 31, ["MILK", "CHIPS"]),
    basket("X1", 26, ["BEER", "CAVIAR"], { returns: "A4" }), basket("X2", 1, ["BEER", "CAVIAR"]), basket("X3", 20, []),
  ]);
  await t.wh.exec("UPDATE stg_receipts SET total = 100 WHERE receipt_id = 'X3'");
  await buildModels(t.wh, selectModels(MODELS, "+mart_category_affinity"), { asOf: "2026-10-31", params: params(TEST_RULES) });
});
afterAll(() => t.cleanup());

const pairs = () => t.wh.all("SELECT * EXCLUDE (window_start, window_end) FROM mart_category_affinity ORDER BY category_a, category_b");

describe("mart_category_affinity", () => {
  it("measures the pairs of categories on at least 20 % of the receipts, both ways", async () => {
    // receipts with: Пиво 4, Чипсы 4, Хлеб 5, Молоко 4, Икра 1 (10 %: below the floor, so no pair).
    // Both: Пиво–Чипсы 3 (support 0.3, lift 3 × 10 / (4 × 4) = 1.875: worth an offer);
    //       Молоко–Хлеб 2 (0.2, at the floor; lift 2 × 10 / (4 × 5) = 1: no more than chance);
    //       Пиво–Хлеб, Хлеб–Чипсы, Молоко–Чипсы 1 each (0.1: left out).
    expect(await pairs()).toEqual([
      { category_a: "Молоко", category_b: "Хлеб", receipts: 10, receipts_a: 4, receipts_b: 5, receipts_both: 2, support: 0.2, confidence: 0.5, lift: 1, worth_joint_offer: false },
      { category_a: "Пиво", category_b: "Чипсы", receipts: 10, receipts_a: 4, receipts_b: 4, receipts_both: 3, support: 0.3, confidence: 0.75, lift: 1.875, worth_joint_offer: true },
      { category_a: "Хлеб", category_b: "Молоко", receipts: 10, receipts_a: 5, receipts_b: 4, receipts_both: 2, support: 0.2, confidence: 0.4, lift: 1, worth_joint_offer: false },
      { category_a: "Чипсы", category_b: "Пиво", receipts: 10, receipts_a: 4, receipts_b: 4, receipts_both: 3, support: 0.3, confidence: 0.75, lift: 1.875, worth_joint_offer: true },
    ]);
    expect(await t.wh.one("SELECT DISTINCT window_start::VARCHAR AS from, window_end::VARCHAR AS to FROM mart_category_affinity")).toEqual({ from: "2026-10-02", to: "2026-10-31" });
  });

  it("keeps one row per ordered pair", async () => {
    const { n, distinct } = await t.wh.one<{ n: number; distinct: number }>("SELECT count(*)::INT AS n, count(DISTINCT (category_a, category_b))::INT AS distinct FROM mart_category_affinity");
    expect(n).toBe(distinct);
  });

  it("offers nothing on three receipts under the default rule (100 receipts with both), and measures a year by default", async () => {
    await buildModels(t.wh, [martCategoryAffinity], { asOf: "2026-10-31", params: params({ affinityMinSupport: 0.2 }) }, { full: true });
    // a year back reaches 1 October: X2 adds Пиво and Икра (11 receipts; Пиво 5, Икра 2 of 11 stays below 20 %)
    expect(await t.wh.all("SELECT category_a, category_b, receipts, receipts_a, receipts_both, worth_joint_offer FROM mart_category_affinity WHERE category_a = 'Пиво'")).toEqual([
      { category_a: "Пиво", category_b: "Чипсы", receipts: 11, receipts_a: 5, receipts_both: 3, worth_joint_offer: false },
    ]);
  });
});
