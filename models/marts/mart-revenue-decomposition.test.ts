import { describe, expect, it } from "vitest";
import { useBuiltTinyChain } from "../../test/helpers/built-tiny-chain.js";

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
  it("splits the chain's change among today's segments, adding up to it", async () => {
    const rows = await chain.t.wh.all<{ scope_id: string; change: number; share: number }>(
      `SELECT scope_id, change, share_of_chain_change AS share FROM mart_revenue_decomposition
       WHERE scope = 'segment' AND comparison = 'previous_period' AND period_start = DATE '2026-10-01' ORDER BY scope_id`,
    );
    expect(rows.reduce((s, r) => s + r.change, 0)).toBeCloseTo(800, 9);
    expect(rows.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1, 12);
  });
});
