import { beforeAll, describe, expect, it } from "vitest";
import { conditionalExpectedPurchases, fitBgNbd, type BgNbdFit } from "./bg-nbd.js";
import { readCdnowSummary } from "./cdnow.test-support.js";
import {
  DAYS_PER_MONTH,
  WEEKS_PER_MONTH,
  customerLifetimeValue,
  discountedMonthlyValue,
} from "./customer-lifetime-value.js";
import { conditionalExpectedAverageSpend, fitGammaGamma, type GammaGammaFit } from "./gamma-gamma.js";

let models: { purchases: BgNbdFit; spend: GammaGammaFit };
beforeAll(() => {
  const cdnow = readCdnowSummary();
  models = {
    purchases: fitBgNbd(cdnow.map(({ x, tx, T }) => ({ x, tx, T, count: 1 }))),
    spend: fitGammaGamma(cdnow.map(({ x, zbar }) => ({ x, mbar: zbar, count: 1 }))),
  };
});

/** CDNOW's first customer: 2 repeat purchases averaging $22.35, the last at week 30.43 of 38.86. */
const customer = { x: 2, tx: 30.43, T: 38.86, mbar: 22.35 };

describe("discounted monthly value", () => {
  it("matches a hand-worked case with a constant 2 purchases a month of $10", () => {
    // 20/1.1 + 20/1.1² + 20/1.1³ = 18.181818 + 16.528926 + 15.026296 = 49.737040.
    const value = discountedMonthlyValue((days) => (2 * days) / DAYS_PER_MONTH, 10, { months: 3, monthlyDiscountRate: 0.1, unitsPerMonth: DAYS_PER_MONTH });
    expect(value).toBeCloseTo(49.73704, 5);
  });

  it("is zero over zero months, and undiscounted it telescopes to spend × purchases over the horizon", () => {
    const cumulative = (t: number) => Math.sqrt(t);
    expect(discountedMonthlyValue(cumulative, 10, { months: 0, monthlyDiscountRate: 0.01, unitsPerMonth: 30 })).toBe(0);
    expect(discountedMonthlyValue(cumulative, 10, { months: 12, monthlyDiscountRate: 0, unitsPerMonth: 30 })).toBeCloseTo(10 * Math.sqrt(360), 10);
  });

  it("rejects a horizon, rate or unit that makes no sense", () => {
    const options = { months: 12, monthlyDiscountRate: 0.01, unitsPerMonth: WEEKS_PER_MONTH };
    expect(() => discountedMonthlyValue(Math.sqrt, 1, { ...options, months: 1.5 })).toThrow(/whole number of months/);
    expect(() => discountedMonthlyValue(Math.sqrt, 1, { ...options, monthlyDiscountRate: -1 })).toThrow(/above -1/);
    expect(() => discountedMonthlyValue(Math.sqrt, 1, { ...options, unitsPerMonth: 0 })).toThrow(/unitsPerMonth/);
  });
});

describe("customer lifetime value from BG/NBD and Gamma-Gamma fitted to CDNOW (weeks)", () => {
  it("equals expected spend × expected purchases when nothing is discounted", () => {
    const clv = customerLifetimeValue(models, customer, { months: 12, monthlyDiscountRate: 0, unitsPerMonth: WEEKS_PER_MONTH });
    const purchases = conditionalExpectedPurchases(models.purchases, 12 * WEEKS_PER_MONTH, customer.x, customer.tx, customer.T);
    expect(clv).toBeCloseTo(purchases * conditionalExpectedAverageSpend(models.spend, customer.x, customer.mbar), 10);
  });

  it("grows with the horizon, and discounting lowers it", () => {
    const at = (months: number, monthlyDiscountRate = 0.01) =>
      customerLifetimeValue(models, customer, { months, monthlyDiscountRate, unitsPerMonth: WEEKS_PER_MONTH });
    const values = [1, 3, 6, 12, 24, 60].map((months) => at(months));
    values.slice(1).forEach((v, i) => expect(v).toBeGreaterThan(values[i]));
    expect(at(12, 0.02)).toBeLessThan(at(12, 0.01));
  });

  it("values a customer who has not repeated at the population mean spend", () => {
    const newcomer = { x: 0, tx: 0, T: 38.86, mbar: 0 };
    const options = { months: 12, monthlyDiscountRate: 0, unitsPerMonth: WEEKS_PER_MONTH };
    const { p, q, v } = models.spend;
    const purchases = conditionalExpectedPurchases(models.purchases, 12 * WEEKS_PER_MONTH, 0, 0, 38.86);
    expect(customerLifetimeValue(models, newcomer, options)).toBeCloseTo((purchases * p * v) / (q - 1), 10);
  });
});
