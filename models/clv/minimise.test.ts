import { describe, expect, it } from "vitest";
import { minimise } from "./minimise.js";

const options = { tolerance: 1e-10, maxIterations: 1000 };

describe("minimise (BFGS, then Newton polish)", () => {
  it("finds the minimum of the Rosenbrock function to the tolerance and says it converged", () => {
    const result = minimise(
      ([x, y]) => ({
        value: 100 * (y - x * x) ** 2 + (1 - x) ** 2,
        gradient: [-400 * x * (y - x * x) - 2 * (1 - x), 200 * (y - x * x)],
      }),
      [-1.2, 1],
      options,
    );
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 9);
    expect(result.x[1]).toBeCloseTo(1, 9);
    expect(result.value).toBeLessThan(1e-18);
  });

  it("reports no convergence when a variable is not identified (a flat direction)", () => {
    const result = minimise(([x]) => ({ value: (x - 2) ** 2, gradient: [2 * (x - 2), 0] }), [0, 5], options);
    expect(result.converged).toBe(false);
    expect(result.message).toMatch(/not positive definite/);
    expect(result.x[0]).toBeCloseTo(2, 6);
  });
});
