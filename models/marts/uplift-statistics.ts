/**
 * Uplift of a campaign's target group over its control group, with 95% confidence intervals:
 * Welch's t interval for a difference of means (revenue, receipts per member), and for a difference
 * of shares (response) Newcombe's hybrid score interval (Newcombe 1998, method 10, from two Wilson
 * intervals) with a pooled two-proportion z-test. Newcombe rather than Wald: control groups are often
 * small, and Wald's interval collapses when a group has no responders. Quantiles and distributions
 * come from stdlib.
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";

const Z_975 = 1.959963984540054;

export interface GroupMoments {
  /** Members in the group. */
  n: number;
  /** Sum of the per-member values, and of their squares. */
  sum: number;
  sumSquares: number;
}

export interface Uplift {
  target: number;
  control: number;
  /** target − control */
  difference: number;
  low: number;
  high: number;
  pValue: number;
  significant: boolean;
}

function mean(g: GroupMoments): number {
  return g.sum / g.n;
}

/** Sample variance (n − 1 in the denominator). */
function variance(g: GroupMoments): number {
  return Math.max(0, (g.sumSquares - (g.sum * g.sum) / g.n) / (g.n - 1));
}

/** Welch's two-sample t interval and test for the difference of means (needs ≥ 2 members per group). */
export function welchUplift(target: GroupMoments, control: GroupMoments): Uplift {
  const [mt, mc] = [mean(target), mean(control)];
  const [vt, vc] = [variance(target) / target.n, variance(control) / control.n];
  const se = Math.sqrt(vt + vc);
  const difference = mt - mc;
  if (se === 0) return { target: mt, control: mc, difference, low: difference, high: difference, pValue: difference === 0 ? 1 : 0, significant: difference !== 0 };
  // Welch–Satterthwaite degrees of freedom
  const df = (vt + vc) ** 2 / (vt ** 2 / (target.n - 1) + vc ** 2 / (control.n - 1));
  const q = tQuantile(0.975, df);
  const t = Math.abs(difference) / se;
  const pValue = 2 * (1 - tCdf(t, df));
  return { target: mt, control: mc, difference, low: difference - q * se, high: difference + q * se, pValue, significant: pValue < 0.05 };
}

/** Wilson's score interval for one share. */
function wilson(successes: number, n: number): [number, number] {
  const p = successes / n;
  const z2 = Z_975 * Z_975;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (Z_975 / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [centre - half, centre + half];
}

/** Difference of two shares: Newcombe's 95% interval, pooled two-proportion z-test. */
export function proportionUplift(target: { n: number; successes: number }, control: { n: number; successes: number }): Uplift {
  const [pt, pc] = [target.successes / target.n, control.successes / control.n];
  const difference = pt - pc;
  const [lt, ut] = wilson(target.successes, target.n);
  const [lc, uc] = wilson(control.successes, control.n);
  const pooled = (target.successes + control.successes) / (target.n + control.n);
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / target.n + 1 / control.n));
  const pValue = sePooled === 0 ? (difference === 0 ? 1 : 0) : 2 * (1 - normalCdf(Math.abs(difference) / sePooled, 0, 1));
  return {
    target: pt, control: pc, difference,
    low: difference - Math.hypot(pt - lt, uc - pc),
    high: difference + Math.hypot(ut - pt, pc - lc),
    pValue, significant: pValue < 0.05,
  };
}
