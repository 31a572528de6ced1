import { describe, expect, it } from "vitest";
import { readCdnowSummary } from "./cdnow.test-support.js";
import { conditionalExpectedAverageSpend, fitGammaGamma, gammaGammaLogLikelihood } from "./gamma-gamma.js";
import { ModelFitError } from "./model-fit-error.js";

const spend = readCdnowSummary().map(({ x, zbar }) => ({ x, mbar: zbar, count: 1 }));

describe("fitting the Gamma-Gamma spend model to CDNOW", () => {
  it("reproduces the published estimates on the 946 repeat buyers (p = 6.25, q = 3.74, v = 15.44)", () => {
    const fit = fitGammaGamma(spend);
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.p - 6.25)).toBeLessThan(0.01);
    expect(Math.abs(fit.q - 3.74)).toBeLessThan(0.01);
    expect(Math.abs(fit.v - 15.44)).toBeLessThan(0.01);
    expect(fit.logLikelihood).toBeCloseTo(gammaGammaLogLikelihood(fit, spend), 8);
  });

  it("does not depend on the currency unit: CDNOW in cents (or roubles ×1000) gives the same p, q and v × 100", () => {
    const dollars = fitGammaGamma(spend);
    const cents = fitGammaGamma(spend.map((s) => ({ ...s, mbar: s.mbar * 100 })));
    expect(cents.p).toBeCloseTo(dollars.p, 4);
    expect(cents.q).toBeCloseTo(dollars.q, 4);
    expect(cents.v / 100).toBeCloseTo(dollars.v, 3);
    const thousands = fitGammaGamma(spend.map((s) => ({ ...s, mbar: s.mbar * 1000 })));
    expect(thousands.q).toBeCloseTo(dollars.q, 4);
  });

  it("ignores customers without a repeat purchase, who carry no spend information", () => {
    const repeatBuyers = spend.filter((s) => s.x > 0);
    expect(repeatBuyers).toHaveLength(946);
    expect(fitGammaGamma(repeatBuyers).p).toBeCloseTo(fitGammaGamma(spend).p, 8);
  });
});

describe("Gamma-Gamma formulas", () => {
  it("has the density worked by hand for one customer", () => {
    // p = q = v = 1, x = 1, z̄ = 1: Γ(2)/(Γ(1)Γ(1)) · 1 · 1 · 1 / (1 + 1)² = 1/4.
    expect(gammaGammaLogLikelihood({ p: 1, q: 1, v: 1 }, [{ x: 1, mbar: 1, count: 1 }])).toBeCloseTo(Math.log(1 / 4), 12);
  });

  it("expects spend between the population mean and the customer's own average", () => {
    const params = { p: 2, q: 3, v: 10 };
    // p (v + x z̄) / (p x + q − 1) = 2 · (10 + 2 · 20) / (4 + 3 − 1) = 100 / 6.
    expect(conditionalExpectedAverageSpend(params, 2, 20)).toBeCloseTo(100 / 6, 12);
    // x = 0: the population mean p v / (q − 1) = 10.
    expect(conditionalExpectedAverageSpend(params, 0, 0)).toBeCloseTo(10, 12);
    // Many transactions: close to the customer's own average.
    expect(conditionalExpectedAverageSpend(params, 10_000, 20)).toBeCloseTo(20, 2);
  });

  it("refuses an expected spend when q ≤ 1 makes the mean infinite", () => {
    expect(() => conditionalExpectedAverageSpend({ p: 2, q: 0.9, v: 10 }, 2, 20)).toThrow(/q = 0.9/);
  });
});

describe("data that cannot support a Gamma-Gamma fit", () => {
  it("says so when too few customers made a repeat purchase", () => {
    const few = [{ x: 0, mbar: 0, count: 500 }, { x: 1, mbar: 12, count: 3 }];
    expect(() => fitGammaGamma(few)).toThrow(ModelFitError);
    expect(() => fitGammaGamma(few)).toThrow(/only 3 customer\(s\) made a repeat purchase/);
  });

  it("rejects a non-positive average spend for a repeat buyer", () => {
    expect(() => fitGammaGamma([{ x: 2, mbar: 0, count: 20 }])).toThrow(/average spend 0 is not positive/);
  });

  it("says so when every customer spends the same, which identifies no spread", () => {
    expect(() => fitGammaGamma([{ x: 3, mbar: 25, count: 200 }])).toThrow(ModelFitError);
  });
});
