import { describe, expect, it } from "vitest";
import { fitOnLogScale } from "./log-scale-fit.js";
import { ModelFitError } from "./model-fit-error.js";

const model = { name: "Test model", params: ["p", "q"] };
const options = { tolerance: 1e-10, maxIterations: 1000 };

describe("maximum likelihood on the log scale", () => {
  it("finds an interior maximum and reports the summed log-likelihood", () => {
    // Per customer ln L = 3 ln p − p + 5 ln q − 2q, maximised at p = 3, q = 2.5.
    const n = 1000;
    const fit = fitOnLogScale(model, ([p, q]) => ({ value: n * (3 * Math.log(p) - p + 5 * Math.log(q) - 2 * q), gradient: [n * (3 / p - 1), n * (5 / q - 2)] }), n, options);
    expect(fit.converged).toBe(true);
    expect(fit.params[0]).toBeCloseTo(3, 9);
    expect(fit.params[1]).toBeCloseTo(2.5, 9);
    expect(fit.logLikelihood).toBeCloseTo(n * (3 * Math.log(3) - 3 + 5 * Math.log(2.5) - 5), 6);
  });

  it("throws a ModelFitError naming the parameter that runs off to the boundary", () => {
    // ln L = −p + ln q − q: increases without bound as p → 0.
    const fit = () => fitOnLogScale(model, ([p, q]) => ({ value: -p + Math.log(q) - q, gradient: [-1, 1 / q - 1] }), 1, options);
    expect(fit).toThrow(ModelFitError);
    expect(fit).toThrow(/Test model: p runs off to/);
  });

  it("throws a ModelFitError when the likelihood is not finite where the fit starts", () => {
    expect(() => fitOnLogScale(model, () => ({ value: Number.NaN, gradient: [0, 0] }), 1, options)).toThrow(/not finite with every parameter at 1/);
  });
});
