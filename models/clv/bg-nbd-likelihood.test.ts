import { describe, expect, it } from "vitest";
import { bgnbdLogLikelihood, bgnbdLogLikelihoodAndGradient, prepareSummaries, type BgNbdParams } from "./bg-nbd-likelihood.js";
import { readCdnowSummary } from "./cdnow.test-support.js";
import { ModelFitError } from "./model-fit-error.js";

const ones: BgNbdParams = { r: 1, alpha: 1, a: 1, b: 1 };

describe("BG/NBD log-likelihood", () => {
  it("matches the likelihood worked by hand for a customer without and with repeat purchases", () => {
    // FHL 2005 eq. 6 with r = α = a = b = 1:
    // x = 0, T = 2: B(1,1)/B(1,1) · Γ(1)·1 / (Γ(1)·3^1) = 1/3.
    expect(bgnbdLogLikelihood(ones, [{ x: 0, tx: 0, T: 2, count: 1 }])).toBeCloseTo(Math.log(1 / 3), 12);
    // x = 1, t_x = 1, T = 2: B(1,2)/B(1,1) · Γ(2) / 3² + B(2,1)/B(1,1) · Γ(2) / 2² = 1/18 + 1/8.
    expect(bgnbdLogLikelihood(ones, [{ x: 1, tx: 1, T: 2, count: 1 }])).toBeCloseTo(Math.log(1 / 18 + 1 / 8), 12);
  });

  it("weights a row by its count exactly as that many identical rows", () => {
    const params = { r: 0.3, alpha: 5, a: 0.8, b: 2.5 };
    const row = { x: 3, tx: 20.5, T: 38, count: 1 };
    expect(bgnbdLogLikelihood(params, [{ ...row, count: 4 }])).toBeCloseTo(bgnbdLogLikelihood(params, [row, row, row, row]), 10);
  });

  it("stays finite for a very frequent buyer, where exp(A3) and exp(A4) underflow", () => {
    const value = bgnbdLogLikelihood({ r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, [{ x: 2000, tx: 38, T: 39, count: 1 }]);
    expect(Number.isFinite(value)).toBe(true);
  });

  it("has an analytic gradient that matches central differences on CDNOW", () => {
    const data = prepareSummaries(readCdnowSummary().map(({ x, tx, T }) => ({ x, tx, T, count: 1 })));
    const at: BgNbdParams = { r: 0.5, alpha: 2, a: 1.5, b: 3 };
    const { gradient } = bgnbdLogLikelihoodAndGradient(at, data);
    (["r", "alpha", "a", "b"] as const).forEach((key, i) => {
      const h = 1e-6 * at[key];
      const up = bgnbdLogLikelihoodAndGradient({ ...at, [key]: at[key] + h }, data).value;
      const down = bgnbdLogLikelihoodAndGradient({ ...at, [key]: at[key] - h }, data).value;
      const numeric = (up - down) / (2 * h);
      expect(Math.abs(gradient[i] - numeric) / Math.abs(numeric)).toBeLessThan(1e-6);
    });
  });

  it("rejects summaries that cannot come from a purchase history, naming the row", () => {
    expect(() => prepareSummaries([{ x: 1, tx: 40, T: 39, count: 1 }])).toThrow(ModelFitError);
    expect(() => prepareSummaries([{ x: 0, tx: 0, T: 39, count: 1 }, { x: 1.5, tx: 2, T: 39, count: 1 }])).toThrow(/row 1: x = 1.5/);
    expect(() => prepareSummaries([{ x: 1, tx: 2, T: Number.NaN, count: 1 }])).toThrow(/T = NaN/);
    expect(() => prepareSummaries([{ x: 1, tx: 2, T: 39, count: 0 }])).toThrow(/count = 0/);
  });
});
