import { describe, expect, it } from "vitest";
import { proportionUplift, welchUplift } from "./uplift-statistics.js";

const moments = (values: number[]) => ({ n: values.length, sum: values.reduce((s, v) => s + v, 0), sumSquares: values.reduce((s, v) => s + v * v, 0) });

describe("uplift statistics, worked by hand", () => {
  it("Welch: target 10, 12, 14 against control 8, 9, 10", () => {
    // means 12 and 9; variances 4 and 1; se = sqrt(4/3 + 1/3) = sqrt(5/3) = 1.290994
    // df = (5/3)² / ((4/3)²/2 + (1/3)²/2) = 2.777778 / 0.944444 = 2.941176 = 50/17;
    // t(0.975, 50/17) = 3.218759 (the t density integrated numerically, Simpson's rule, and bisected)
    const u = welchUplift(moments([10, 12, 14]), moments([8, 9, 10]));
    expect(u.difference).toBe(3);
    const se = Math.sqrt(5 / 3);
    expect(u.high - u.difference).toBeCloseTo(3.218759 * se, 3);
    expect(u.low).toBeCloseTo(3 - 3.218759 * se, 3);
    // t = 3 / 1.290994 = 2.32379; two-sided p with 50/17 df = 0.104479 (same integration)
    expect(u.pValue).toBeCloseTo(0.104479, 4);
    expect(u.significant).toBe(false);
  });

  it("Welch with large groups is the normal interval", () => {
    const target = { n: 10_000, sum: 10_000 * 105, sumSquares: 10_000 * (105 ** 2 + 400) * (9_999 / 10_000) + 105 ** 2 };
    const control = { n: 10_000, sum: 10_000 * 100, sumSquares: 10_000 * (100 ** 2 + 400) * (9_999 / 10_000) + 100 ** 2 };
    const u = welchUplift(target, control);
    expect(u.difference).toBeCloseTo(5, 9);
    expect((u.high - u.low) / 2).toBeCloseTo(1.96 * Math.sqrt(400 / 10_000 + 400 / 10_000), 2);
    expect(u.significant).toBe(true);
  });

  it("two proportions: 120 of 1000 against 30 of 500", () => {
    // Wilson intervals: 0.12 of 1000 → [0.101299, 0.141609], 0.06 of 500 → [0.042348, 0.084361];
    // Newcombe: 0.06 − hypot(0.12 − 0.101299, 0.084361 − 0.06) = 0.029289, 0.06 + hypot(0.141609 − 0.12, 0.06 − 0.042348) = 0.087902
    // pooled p = 150/1500 = 0.1; se0 = sqrt(0.1·0.9·(1/1000 + 1/500)) = 0.0164317; z = 0.06 / 0.0164317 = 3.6515
    const u = proportionUplift({ n: 1000, successes: 120 }, { n: 500, successes: 30 });
    expect(u.difference).toBeCloseTo(0.06, 12);
    expect(u.low).toBeCloseTo(0.0292888, 6);
    expect(u.high).toBeCloseTo(0.0879022, 6);
    expect(u.pValue).toBeCloseTo(0.000261, 5);
    expect(u.significant).toBe(true);
  });

  it("a control group with no responder does not collapse the interval", () => {
    // 17 of 79 against 0 of 6: Wald would give a half-width from the target alone; Newcombe stays wide
    const u = proportionUplift({ n: 79, successes: 17 }, { n: 6, successes: 0 });
    expect(u.low).toBeCloseTo(-0.1825257, 6);
    expect(u.high).toBeCloseTo(0.3178717, 6);
  });

  it("no difference is not significant", () => {
    const u = proportionUplift({ n: 400, successes: 40 }, { n: 100, successes: 10 });
    expect(u.difference).toBe(0);
    expect(u.pValue).toBe(1);
    expect(u.significant).toBe(false);
  });
});
