import hyp2f1 from "@stdlib/math-base-special-hyp2f1";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type BgNbdFit,
  type CustomerSummaryCount,
  bgnbdLogLikelihood,
  conditionalExpectedPurchases,
  expectedPurchasesNewCustomer,
  fitBgNbd,
  probabilityAlive,
  probabilityAliveSql,
} from "./bg-nbd.js";
import { Warehouse } from "../../src/db/warehouse.js";
import { readCdnowSummary } from "./cdnow.test-support.js";
import { ModelFitError } from "./model-fit-error.js";

const customers = readCdnowSummary();

/** The calibration summaries grouped into distinct (x, t_x, T) rows with counts, as the warehouse will pass them. */
function distinctSummaries(rows: { x: number; tx: number; T: number }[]): CustomerSummaryCount[] {
  const counts = new Map<string, CustomerSummaryCount>();
  for (const { x, tx, T } of rows) {
    const key = `${x}|${tx}|${T}`;
    const row = counts.get(key) ?? { x, tx, T, count: 0 };
    row.count += 1;
    counts.set(key, row);
  }
  return [...counts.values()];
}

/** E[X(t)] from the paper's form of eq. 9, with 2F1 summed as its defining series (A&S 15.1.1). */
function expectedPurchasesBySeries({ r, alpha, a, b }: BgNbdFit, t: number): number {
  const z = t / (alpha + t);
  let sum = 1;
  let term = 1;
  for (let n = 0; Math.abs(term) > 1e-17 * sum; n++) {
    term *= (((r + n) * (b + n)) / ((a + b - 1 + n) * (n + 1))) * z;
    sum += term;
  }
  return ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * sum);
}

let fit: BgNbdFit;
beforeAll(() => {
  fit = fitBgNbd(distinctSummaries(customers));
});

describe("the CDNOW calibration summary", () => {
  it("holds 2,357 customers with 2,457 repeat transactions, 946 of them repeat buyers", () => {
    expect(customers).toHaveLength(2357);
    expect(customers.reduce((s, c) => s + c.x, 0)).toBe(2457);
    expect(customers.filter((c) => c.x > 0)).toHaveLength(946);
  });
});

describe("fitting the BG/NBD to CDNOW", () => {
  it("reproduces the published estimates and log-likelihood (FHL 2005)", () => {
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.r - 0.2426)).toBeLessThan(1e-3);
    expect(Math.abs(fit.alpha - 4.4136)).toBeLessThan(1e-3);
    expect(Math.abs(fit.a - 0.7929)).toBeLessThan(1e-3);
    expect(Math.abs(fit.b - 2.4259)).toBeLessThan(1e-3);
    expect(Math.abs(fit.logLikelihood - -9582.43)).toBeLessThan(0.01);
    expect(Math.abs(bgnbdLogLikelihood({ r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, distinctSummaries(customers)) - -9582.43)).toBeLessThan(0.01);
  });

  it("gives the same estimates from distinct rows with counts as from one row per customer", () => {
    const perCustomer = fitBgNbd(customers.map(({ x, tx, T }) => ({ x, tx, T, count: 1 })));
    expect(distinctSummaries(customers).length).toBeLessThan(customers.length);
    for (const key of ["r", "alpha", "a", "b", "logLikelihood"] as const) expect(perCustomer[key]).toBeCloseTo(fit[key], 6);
  });

  it("needs no tuning for the time unit: in days, alpha scales by 7 and the rest is unchanged", () => {
    const days = fitBgNbd(distinctSummaries(customers.map(({ x, tx, T }) => ({ x, tx: tx * 7, T: T * 7 }))));
    expect(days.alpha / 7).toBeCloseTo(fit.alpha, 6);
    for (const key of ["r", "a", "b"] as const) expect(days[key]).toBeCloseTo(fit[key], 6);
  });
});

describe("BG/NBD predictions with the CDNOW estimates", () => {
  it("expects 1.226 transactions in the next 39 weeks from the paper's customer (x = 2, t_x = 30.43, T = 38.86)", () => {
    expect(Math.abs(conditionalExpectedPurchases(fit, 39, 2, 30.43, 38.86) - 1.226)).toBeLessThan(0.001);
  });

  it("reproduces the published E[X(t)] of a new customer", () => {
    expect(Math.abs(expectedPurchasesNewCustomer(fit, 1) - 0.0532)).toBeLessThan(1e-4);
    expect(Math.abs(expectedPurchasesNewCustomer(fit, 3) - 0.1506)).toBeLessThan(1e-4);
    expect(Math.abs(expectedPurchasesNewCustomer(fit, 32) - 1.0437)).toBeLessThan(1e-4);
    // Eq. 9 at the MLE gives 1.85797 at t = 78 (checked against the plain series below); the published
    // 1.8576 comes from Hardie's spreadsheet, which lifetimes also matches only to 3 decimals.
    expect(Math.abs(expectedPurchasesNewCustomer(fit, 78) - 1.8576)).toBeLessThan(5e-4);
  });

  it("evaluates eq. 9 through the Euler-transformed 2F1 to the value of the direct series", () => {
    for (const t of [1, 3, 32, 78, 500]) {
      expect(expectedPurchasesNewCustomer(fit, t)).toBeCloseTo(expectedPurchasesBySeries(fit, t), 10);
    }
  });

  it("agrees with the untransformed eq. 10 where that is finite, and stays finite for very frequent buyers", () => {
    const { r, alpha, a, b } = fit;
    const [t, x, tx, T] = [39, 100, 37, 38.86];
    const z = t / (alpha + T + t);
    const ifAlive = ((a + b + x - 1) / (a - 1)) * (1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z));
    expect(conditionalExpectedPurchases(fit, t, x, tx, T)).toBeCloseTo(ifAlive * probabilityAlive(fit, x, tx, T), 8);
    expect(Number.isFinite(hyp2f1(r + 2000, b + 2000, a + b + 1999, z))).toBe(false);
    const heavy = conditionalExpectedPurchases(fit, t, 2000, 38.8, T);
    expect(heavy).toBeGreaterThan(0);
    expect(Number.isFinite(heavy)).toBe(true);
  });

  it("grows with the horizon", () => {
    const horizons = [1, 5, 10, 39, 100, 1000];
    const values = horizons.map((t) => conditionalExpectedPurchases(fit, t, 2, 30.43, 38.86));
    values.slice(1).forEach((v, i) => expect(v).toBeGreaterThan(values[i]));
  });
});

describe("P(alive)", () => {
  it("is 1 for a customer with no repeat purchase, who has had no chance to drop out", () => {
    expect(probabilityAlive(fit, 0, 0, 38.86)).toBe(1);
  });

  it("matches the closed form worked by hand", () => {
    // r = α = a = 1, b = 2, x = 1, t_x = 1, T = 3: 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)) = 1 / (1 + 1/2 · 2²) = 1/3.
    expect(probabilityAlive({ r: 1, alpha: 1, a: 1, b: 2 }, 1, 1, 3)).toBeCloseTo(1 / 3, 12);
    // CDNOW estimates, x = 2, t_x = 30.43, T = 38.86:
    // a/(b+1) = 0.792886/3.425753 = 0.231449; ((4.413532+38.86)/(4.413532+30.43))^2.242593 = 1.241941^2.242593 = 1.625670;
    // 1 / (1 + 0.231449 · 1.625670) = 0.72661.
    expect(probabilityAlive(fit, 2, 30.43, 38.86)).toBeCloseTo(0.72661, 4);
  });

  it("falls as the gap since the last purchase grows", () => {
    expect(probabilityAlive(fit, 5, 38, 38.86)).toBeGreaterThan(probabilityAlive(fit, 5, 20, 38.86));
  });

  it("gives the same figures in SQL as in TypeScript, for each CDNOW customer", async () => {
    const wh = await Warehouse.open(":memory:");
    try {
      await wh.exec(`CREATE TABLE s (i INTEGER, x INTEGER, t_x DOUBLE, "T" DOUBLE)`);
      await wh.insert("s", customers.map((c, i) => ({ i, x: c.x, t_x: c.tx, T: c.T })));
      const sql = await wh.all<{ i: number; p: number }>(`SELECT i, ${probabilityAliveSql(fit)} AS p FROM s ORDER BY i`);
      expect(sql).toHaveLength(2357);
      for (const { i, p } of sql) expect(Math.abs(p - probabilityAlive(fit, customers[i].x, customers[i].tx, customers[i].T))).toBeLessThan(1e-12);
      expect(sql[0].p).toBeCloseTo(probabilityAlive(fit, 2, 30.43, 38.86), 12); // the first CDNOW customer: 0.72661
    } finally {
      await wh.close();
    }
  });
});

describe("data that cannot support a BG/NBD fit", () => {
  it("says so when nobody (or too few) made a repeat purchase", () => {
    const nobody = [{ x: 0, tx: 0, T: 39, count: 1000 }];
    expect(() => fitBgNbd(nobody)).toThrow(ModelFitError);
    expect(() => fitBgNbd(nobody)).toThrow(/only 0 customer\(s\) made a repeat purchase \(at least 10 needed\)/);
    const few = [...nobody, { x: 2, tx: 10, T: 39, count: 5 }];
    expect(() => fitBgNbd(few)).toThrow(/only 5 customer/);
    expect(() => fitBgNbd(few, { minRepeatCustomers: 20 })).toThrow(/at least 20 needed/);
  });

  it("says so when no customer has been observed for any time", () => {
    expect(() => fitBgNbd([{ x: 1, tx: 0, T: 0, count: 50 }])).toThrow(/observation length T is 0/);
  });

  it("says so when the likelihood has no interior maximum (everyone still buying, nobody dropping out)", () => {
    const nobodyDrops = [{ x: 10, tx: 39, T: 39, count: 100 }];
    expect(() => fitBgNbd(nobodyDrops)).toThrow(/did not converge/);
    const lenient = fitBgNbd(nobodyDrops, { requireConvergence: false });
    expect(lenient.converged).toBe(false);
  });
});
