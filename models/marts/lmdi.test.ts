import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lmdi, logMean } from "./lmdi.js";

describe("LMDI decomposition of revenue = customers × check × visits", () => {
  it("a hand-worked case: 1000 customers × 500 ₽ × 2 visits → 1100 × 480 ₽ × 2.1", () => {
    // R0 = 1,000,000; R1 = 1,108,800; L = (R1 − R0) / ln(R1 / R0) = 108,800 / ln(1.1088)
    const e = lmdi({ customers: 1000, visits: 2000, revenue: 1_000_000 }, { customers: 1100, visits: 2310, revenue: 1_108_800 });
    const L = 108_800 / Math.log(1.1088);
    expect(e.change).toBe(108_800);
    expect(e.customers).toBeCloseTo(L * Math.log(1.1), 6);
    expect(e.check).toBeCloseTo(L * Math.log(480 / 500), 6);
    expect(e.visits).toBeCloseTo(L * Math.log(2.1 / 2), 6);
    expect(e.customers + e.check + e.visits).toBeCloseTo(108_800, 6);
    // customers +10%, check −4%, visits +5%: the customers effect dominates, the check pulls down
    expect(e.check).toBeLessThan(0);
  });

  it("the logarithmic mean lies between the geometric and the arithmetic mean", () => {
    expect(logMean(4, 4)).toBe(4);
    expect(logMean(1, Math.E)).toBeCloseTo(Math.E - 1, 12);
    expect(logMean(2, 8)).toBeGreaterThan(4);
    expect(logMean(2, 8)).toBeLessThan(5);
  });

  it("a store that opened: the whole revenue is the customers effect", () => {
    expect(lmdi({ customers: 0, visits: 0, revenue: 0 }, { customers: 50, visits: 80, revenue: 40_000 })).toEqual({ change: 40_000, customers: 40_000, check: 0, visits: 0 });
  });

  it("a store that closed: the whole loss is the customers effect", () => {
    expect(lmdi({ customers: 50, visits: 80, revenue: 40_000 }, { customers: 0, visits: 0, revenue: 0 })).toEqual({ change: -40_000, customers: -40_000, check: 0, visits: 0 });
  });

  it("free receipts (visits but zero check) put the change on the check", () => {
    expect(lmdi({ customers: 5, visits: 5, revenue: 0 }, { customers: 5, visits: 6, revenue: 600 })).toEqual({ change: 600, customers: 0, check: 600, visits: 0 });
  });

  it("two empty periods change nothing", () => {
    expect(lmdi({ customers: 0, visits: 0, revenue: 0 }, { customers: 0, visits: 0, revenue: 0 })).toEqual({ change: 0, customers: 0, check: 0, visits: 0 });
  });

  const period = fc.oneof(
    { weight: 9, arbitrary: fc.record({ customers: fc.integer({ min: 1, max: 1_000_000 }), visitsPerCustomer: fc.double({ min: 1, max: 20, noNaN: true }), check: fc.double({ min: 0.01, max: 100_000, noNaN: true }) }).map(({ customers, visitsPerCustomer, check }) => {
      const visits = Math.max(1, Math.round(customers * visitsPerCustomer));
      return { customers, visits, revenue: visits * check };
    }) },
    { weight: 1, arbitrary: fc.constant({ customers: 0, visits: 0, revenue: 0 }) },
  );

  it("the three effects add up to the change, to 1e-9 relative, for any two periods", () => {
    fc.assert(
      fc.property(period, period, (a, b) => {
        const e = lmdi(a, b);
        const sum = e.customers + e.check + e.visits;
        expect(Number.isFinite(sum)).toBe(true);
        expect(Math.abs(sum - (b.revenue - a.revenue))).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a.revenue), Math.abs(b.revenue)));
      }),
      { numRuns: 2000, seed: 42 },
    );
  });

  it("each effect has the sign of its factor's change", () => {
    fc.assert(
      fc.property(period, period, (a, b) => {
        fc.pre(a.revenue > 0 && b.revenue > 0);
        const e = lmdi(a, b);
        expect(Math.sign(e.customers)).toBe(Math.sign(b.customers - a.customers));
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});
