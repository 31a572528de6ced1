/**
 * The BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005, "Counting Your Customers the
 * Easy Way: An Alternative to the Pareto/NBD Model", Marketing Science 24(2)): while active a
 * customer buys as a Poisson process with rate λ ~ Gamma(r, α); after each repeat purchase they
 * drop out with probability p ~ Beta(a, b). Time is in whatever unit the summaries use (CDNOW:
 * weeks); r and a, b are unit-free, α is in that unit.
 */
import hyp2f1 from "@stdlib/math-base-special-hyp2f1";
import {
  type BgNbdParams,
  type CustomerSummaryCount,
  bgnbdLogLikelihoodAndGradient,
  prepareSummaries,
} from "./bg-nbd-likelihood.js";
import { fitOnLogScale, formatParams } from "./log-scale-fit.js";
import { ModelFitError } from "./model-fit-error.js";

export { bgnbdLogLikelihood, type BgNbdParams, type CustomerSummaryCount } from "./bg-nbd-likelihood.js";

export interface BgNbdFit extends BgNbdParams {
  logLikelihood: number;
  /** BFGS iterations (line-search steps included) plus Newton polish iterations. */
  iterations: number;
  converged: boolean;
}

export interface BgNbdFitOptions {
  /** Fewer customers with a repeat purchase than this cannot identify the dropout process. Default 10. */
  minRepeatCustomers?: number;
  /** Converged when the Newton step in ln(parameters) is shorter than this. Default 1e-8. */
  tolerance?: number;
  /** Objective evaluations for the BFGS stage, line-search steps included. Default 1000. */
  maxIterations?: number;
  /**
   * Throw a ModelFitError when the optimiser did not converge (default), or return the estimates
   * with `converged: false`. Parameters running off to 0 or infinity always throw.
   */
  requireConvergence?: boolean;
}

const MODEL = { name: "BG/NBD", params: ["r", "alpha", "a", "b"] } as const;

/** Maximum likelihood on distinct summaries weighted by their counts, over ln r, ln α, ln a, ln b (see fitOnLogScale). */
export function fitBgNbd(data: readonly CustomerSummaryCount[], options: BgNbdFitOptions = {}): BgNbdFit {
  const prepared = prepareSummaries(data);
  checkIdentifiable(data, options.minRepeatCustomers ?? 10);
  const fit = fitOnLogScale(
    MODEL,
    ([r, alpha, a, b]) => bgnbdLogLikelihoodAndGradient({ r, alpha, a, b }, prepared),
    prepared.totalCount,
    { tolerance: options.tolerance ?? 1e-8, maxIterations: options.maxIterations ?? 1000 },
  );
  if (!fit.converged && (options.requireConvergence ?? true)) {
    throw new ModelFitError(
      MODEL.name,
      `the optimiser did not converge after ${fit.iterations} iterations (${fit.message}); last estimates ${formatParams(MODEL.params, fit.params)}. ` +
        `Usually the data cannot tell the purchase rate from dropout (a short calibration period, few repeat customers, or nobody ` +
        `appearing to drop out); check also that t_x and T share one time unit.`,
    );
  }
  const [r, alpha, a, b] = fit.params;
  return { r, alpha, a, b, logLikelihood: fit.logLikelihood, iterations: fit.iterations, converged: fit.converged };
}

/**
 * P(alive | x, t_x, T) (Fader, Hardie & Lee 2008, "Computing P(alive) Using the BG/NBD Model",
 * in the log-odds form that does not overflow for frequent buyers): 1 / (1 + [x > 0] a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x)).
 * A customer with no repeat purchase has had no chance to drop out, so is alive with probability 1.
 */
export function probabilityAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  const logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}

/**
 * E[X(t)], the expected number of repeat purchases of a new customer in (0, t] (FHL 2005, equation 9):
 *   (a + b − 1) / (a − 1) · [1 − (α / (α + t))^r · 2F1(r, b; a + b − 1; t / (α + t))].
 * It is equation 10 with x = t_x = T = 0 (a customer just acquired), which is how it is computed. Singular at a = 1 exactly (the limit exists, but no
 * fitted a is exactly 1).
 */
export function expectedPurchasesNewCustomer(params: BgNbdParams, t: number): number {
  return conditionalExpectedPurchases(params, t, 0, 0, 0);
}

/**
 * E[Y(t) | x, t_x, T], the expected repeat purchases in the next t time units of a customer with
 * calibration history (x, t_x, T) (FHL 2005, equation 10):
 *   (a + b + x − 1) / (a − 1) · [1 − ((α + T) / (α + T + t))^(r + x) · 2F1(r + x, b + x; a + b + x − 1; z)]
 *   / (1 + [x > 0] a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x)),   z = t / (α + T + t).
 * Euler's transformation 2F1(a', b'; c'; z) = (1 − z)^(c' − a' − b') 2F1(c' − a', c' − b'; c'; z)
 * (Abramowitz & Stegun 15.3.3) folds the power into the hypergeometric function:
 *   ((α + T) / (α + T + t))^(r + x) · 2F1(…) = (1 − z)^(a − 1) · 2F1(a + b − 1 − r, a − 1; a + b + x − 1; z),
 * whose first two parameters do not grow with x, so a customer with hundreds of purchases does not
 * overflow 2F1 to Infinity and the product to NaN (lifetimes switches to the same identity only after
 * the overflow), and the series converges faster.
 */
export function conditionalExpectedPurchases(params: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  return expectedPurchasesIfAlive(params, t, x, T) * probabilityAlive(params, x, tx, T);
}

/**
 * The numerator of equation 10: expected purchases in the next t units of a customer still alive.
 * It depends on x and T but not on t_x, so a member base is scored per distinct (x, T) — far fewer
 * than distinct (x, t_x, T) — and multiplied by P(alive) per member (probabilityAliveSql).
 */
export function expectedPurchasesIfAlive(params: BgNbdParams, t: number, x: number, T: number): number {
  const { r, alpha, a, b } = params;
  const z = t / (alpha + T + t);
  const decay = Math.pow(1 - z, a - 1) * hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z);
  return ((a + b + x - 1) / (a - 1)) * (1 - decay);
}

/** probabilityAlive as a SQL expression over columns x, t_x and T (the same closed form). */
export function probabilityAliveSql(params: BgNbdParams, x = "x", tx = "t_x", T = '"T"'): string {
  const { r, alpha, a, b } = params;
  const logOdds = `ln(${a}::DOUBLE) - ln(${b}::DOUBLE + ${x} - 1) + (${r}::DOUBLE + ${x}) * (ln(${alpha}::DOUBLE + ${T}) - ln(${alpha}::DOUBLE + ${tx}))`;
  return `CASE WHEN ${x} = 0 THEN 1.0 ELSE 1 / (1 + exp(${logOdds})) END`;
}

function checkIdentifiable(data: readonly CustomerSummaryCount[], minRepeatCustomers: number): void {
  const repeatCustomers = data.reduce((s, d) => s + (d.x > 0 ? d.count : 0), 0);
  if (repeatCustomers < minRepeatCustomers) {
    throw new ModelFitError(
      MODEL.name,
      `only ${repeatCustomers} customer(s) made a repeat purchase (at least ${minRepeatCustomers} needed) — ` +
        `the purchase and dropout rates cannot be told apart. Use a longer calibration period or more customers.`,
    );
  }
  if (data.every((d) => d.T === 0)) {
    throw new ModelFitError(MODEL.name, "every customer's observation length T is 0. T runs from the first purchase to the end of the calibration period; check the period's end date.");
  }
}
