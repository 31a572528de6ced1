import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/config.js";
import { useBuiltTinyChain } from "../../test/helpers/built-tiny-chain.js";
import { seed } from "../../test/helpers/seed-staging.js";
import { tempWarehouse } from "../../test/helpers/temp-warehouse.js";
import { buildModels, selectModels } from "../build-models.js";
import { MODELS } from "../registry.js";

const chain = useBuiltTinyChain("+mart_revenue_decomposition");

const decomposition = (scope: string, comparison: string, period: string) =>
  chain.t.wh.one<Record<string, number>>(
    `SELECT change, change_pct, customers_effect, check_effect, visits_effect, share_of_chain_change FROM mart_revenue_decomposition
     WHERE scope_id = '${scope}' AND comparison = '${comparison}' AND period_start = DATE '${period}'`,
  );

describe("revenue factors and their LMDI decomposition on the tiny chain", () => {
  it("October 2026: 2 members × 333.33 ₽ × 1.5 visits = 1000 ₽", async () => {
    expect(await chain.t.wh.one("SELECT customers, visits, revenue, visits_per_customer FROM mart_revenue_factors WHERE scope = 'chain' AND period_start = DATE '2026-10-01'")).toEqual({
      customers: 2,
      visits: 3,
      revenue: 1000,
      visits_per_customer: 1.5,
    });
  });

  it("chain, October vs September: +800 ₽ split as L·ln2, L·ln(5/3), L·ln1.5 with L = 800 / ln 5", async () => {
    const d = await decomposition("chain", "previous_period", "2026-10-01");
    const L = 800 / Math.log(5);
    expect(d.change).toBe(800);
    expect(d.change_pct).toBe(4); // 200 → 1000
    expect(d.customers_effect).toBeCloseTo(L * Math.log(2), 9);
    expect(d.check_effect).toBeCloseTo(L * Math.log(1000 / 3 / 200), 9);
    expect(d.visits_effect).toBeCloseTo(L * Math.log(1.5), 9);
  });

  it("stores: S1 grew by visits and check, S2 opened (all customers effect); their changes make the chain's", async () => {
    const s1 = await decomposition("S1", "previous_period", "2026-10-01");
    const L = 300 / Math.log(2.5);
    expect(s1).toMatchObject({ change: 300, customers_effect: 0, share_of_chain_change: 0.375 });
    expect(s1.check_effect).toBeCloseTo(L * Math.log(1.25), 9);
    expect(s1.visits_effect).toBeCloseTo(L * Math.log(2), 9);
    expect(await decomposition("S2", "previous_period", "2026-10-01")).toEqual({
      change: 500, change_pct: null, customers_effect: 500, check_effect: 0, visits_effect: 0, share_of_chain_change: 0.625,
    });
  });

  it("year on year: October 2026 against October 2025 (100 ₽)", async () => {
    expect((await decomposition("chain", "same_period_last_year", "2026-10-01")).change).toBe(900);
  });
});

describe("the decomposition by RFM segment", () => {
  it("splits the chain's change among the segments at the base month's end, adding up to it", async () => {
    const rows = await chain.t.wh.all<{ scope_id: string; change: number; share: number }>(
      `SELECT scope_id, change, share_of_chain_change AS share FROM mart_revenue_decomposition
       WHERE scope = 'segment' AND comparison = 'previous_period' AND period_start = DATE '2026-10-01' ORDER BY scope_id`,
    );
    expect(rows.reduce((s, r) => s + r.change, 0)).toBeCloseTo(800, 9);
    expect(rows.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1, 12);
  });
});

describe("the segment a member counts in is the one they were in at the end of the base month", () => {
  let t: Awaited<ReturnType<typeof tempWarehouse>>;
  beforeEach(async () => {
    t = await tempWarehouse();
    await seed(t.wh, "stg_stores", [{ store_id: "S1", name: "a", city: "Москва" }]);
    await seed(t.wh, "stg_cards", ["A", "B", "C", "D"].map((m) => ({ card_number: `K${m}`, customer_id: m, issued_at: "2025-01-01" })));
    const receipt = (member: string, n: number, day: string, total: number) => ({
      store_id: "S1", receipt_id: `${member}${n}`, receipt_at: `${day} 12:00`, card_number: `K${member}`, total, is_return: false,
    });
    await seed(t.wh, "stg_receipts", [
      receipt("A", 1, "2026-09-25", 100), // bought late in September, not in October
      receipt("B", 1, "2026-06-15", 100), receipt("B", 2, "2026-10-20", 300), // lapsed since June, back in October
      receipt("C", 1, "2026-10-05", 200), // first purchase in October
      receipt("D", 1, "2026-09-01", 150), receipt("D", 2, "2026-09-20", 150), receipt("D", 3, "2026-10-10", 150),
    ]);
  });
  afterEach(() => t.cleanup());

  /**
   * Breaks from the config make the scores hand-computable: recency < 10 days → 5, 10–19 → 4,
   * 20–39 → 3, 40–79 → 2, 80+ → 1; frequency 1 → 1, 2 → 2; monetary < 200 → 1, 300–399 → 3.
   * At 30 September (rfm package map): A 5 days, 1, 100 ₽ → 511 New Customers; B 107 days, 1, 100 ₽
   * → 111 Lost; D 10 days, 2, 300 ₽ → 423 Loyal Customers; C has no purchase yet.
   * As of the build date (31 October) A would be 311 About To Sleep, so grouping by today's segment
   * would show About To Sleep losing all its September revenue, by construction.
   */
  it("October against September: New Customers −100, Lost +300 (won back), Loyal −150, new members +200 = chain +250", async () => {
    const params = parseConfig({ models: { rfm: { breaks: { recency: [10, 20, 40, 80], frequency: [2, 3, 4, 5], monetary: [200, 300, 400, 500] } } } }).models;
    await buildModels(t.wh, selectModels(MODELS, "+mart_revenue_decomposition"), { asOf: "2026-10-31", params });
    const rows = await t.wh.all(
      `SELECT scope_id, revenue_base, revenue, customers_base, customers, visits_base, visits, change, share_of_chain_change AS share
       FROM mart_revenue_decomposition WHERE scope IN ('chain', 'segment') AND comparison = 'previous_period' AND period_start = DATE '2026-10-01'
       ORDER BY scope_id`,
    );
    expect(rows).toEqual([
      { scope_id: "(no purchase yet)", revenue_base: 0, revenue: 200, customers_base: 0, customers: 1, visits_base: 0, visits: 1, change: 200, share: 0.8 },
      { scope_id: "Lost", revenue_base: 0, revenue: 300, customers_base: 0, customers: 1, visits_base: 0, visits: 1, change: 300, share: 1.2 },
      { scope_id: "Loyal Customers", revenue_base: 300, revenue: 150, customers_base: 1, customers: 1, visits_base: 2, visits: 1, change: -150, share: -0.6 },
      { scope_id: "New Customers", revenue_base: 100, revenue: 0, customers_base: 1, customers: 0, visits_base: 1, visits: 0, change: -100, share: -0.4 },
      { scope_id: "chain", revenue_base: 400, revenue: 650, customers_base: 2, customers: 3, visits_base: 3, visits: 3, change: 250, share: null },
    ]);
  });
});
