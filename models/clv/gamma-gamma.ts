/**
 * The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV: Using
 * Iso-Value Curves for Customer Base Analysis", Journal of Marketing Research 42(4); Fader & Hardie
 * 2013, "The Gamma-Gamma Model of Monetary Value"): a customer's transaction values are
 * Gamma(p, ν) with ν ~ Gamma(q, v) across customers, so the average z̄ of x transactions has density
 *   f(z̄ | p, q, v, x) = Γ(px + q) / (Γ(px) Γ(q)) · v^q z̄^(px − 1) x^(px) / (v + x z̄)^(px + q).
 * Spend is assumed independent of purchase frequency; check the correlation of x and z̄ before use.
 */
import digamma from "@stdlib/math-base-special-digamma";
import gammaln from "@stdlib/math-base-special-gammaln";
import { fitOnLogScale, formatParams } from "./log-scale-fit.js";
import { ModelFitError } from "./model-fit-error.js";

export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

/** One distinct (x, z̄) and the number of customers who share it. */
export interface SpendSummaryCount {
  /** Repeat transactions in the calibration period. */
  x: number;
  /** Average value of those x repeat transactions. */
  mbar: number;
  count: number;
}

export interface GammaGammaFit extends GammaGammaParams {
  logLikelihood: number;
  iterations: number;
  converged: boolean;
}

export interface GammaGammaFitOptions {
  /** Fewer customers with a repeat purchase than this cannot identify the spread of spend. Default 10. */
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

const MODEL = { name: "Gamma-Gamma", params: ["p", "q", "v"] } as const;

/** Sum over customers with x > 0 of ln f(z̄ | p, q, v, x); customers with no repeat purchase carry no spend information. */
export function gammaGammaLogLikelihood(params: GammaGammaParams, data: readonly SpendSummaryCount[]): number {
  return logLikelihoodAndGradient(params, repeatBuyers(data)).value;
}

/** Maximum likelihood on the customers with x > 0, over ln p, ln q, ln v (see fitOnLogScale). */
export function fitGammaGamma(data: readonly SpendSummaryCount[], options: GammaGammaFitOptions = {}): GammaGammaFit {
  const rows = repeatBuyers(data);
  const customers = rows.reduce((s, d) => s + d.count, 0);
  const minRepeatCustomers = options.minRepeatCustomers ?? 10;
  if (customers < minRepeatCustomers) {
    throw new ModelFitError(
      MODEL.name,
      `only ${customers} customer(s) made a repeat purchase (at least ${minRepeatCustomers} needed) to estimate how spend varies. Use a longer calibration period or more customers.`,
    );
  }
  // Spend is fitted in units of its mean (the model is scale-equivariant: v carries the unit), so a
  // start at 1 is near the optimum whether spend is in dollars (CDNOW) or thousands of roubles.
  const scale = rows.reduce((s, d) => s + d.mbar * d.count, 0) / customers;
  const scaled = rows.map((d) => ({ ...d, mbar: d.mbar / scale }));
  const fit = fitOnLogScale(MODEL, ([p, q, v]) => logLikelihoodAndGradient({ p, q, v }, scaled), customers, {
    tolerance: options.tolerance ?? 1e-8,
    maxIterations: options.maxIterations ?? 1000,
  });
  if (!fit.converged && (options.requireConvergence ?? true)) {
    throw new ModelFitError(
      MODEL.name,
      `the optimiser did not converge after ${fit.iterations} iterations (${fit.message}); last estimates ${formatParams(MODEL.params, fit.params)}. ` +
        `Usually there are too few repeat buyers, or too little variation in their average spend, to estimate how spend varies.`,
    );
  }
  const [p, q, scaledV] = fit.params;
  const v = scaledV * scale;
  return { p, q, v, logLikelihood: logLikelihoodAndGradient({ p, q, v }, rows).value, iterations: fit.iterations, converged: fit.converged };
}

/**
 * E[M | p, q, v, x, z̄], the expected spend per transaction of a customer whose x repeat transactions
 * averaged z̄ (FHL 2005, JMR): a weighted mean of the population mean pv / (q − 1) and z̄,
 *   (q − 1) / (px + q − 1) · pv / (q − 1) + px / (px + q − 1) · z̄ = p (v + x z̄) / (px + q − 1).
 * With x = 0 it is the population mean. The mean spend exists only for q > 1.
 */
export function conditionalExpectedAverageSpend(params: GammaGammaParams, x: number, mbar: number): number {
  const { p, q, v } = params;
  if (!(q > 1)) {
    throw new RangeError(`Gamma-Gamma: q = ${q} ≤ 1 means the mean spend per transaction is infinite; the model does not suit this spend data.`);
  }
  return (p * (v + x * mbar)) / (p * x + q - 1);
}

function repeatBuyers(data: readonly SpendSummaryCount[]): SpendSummaryCount[] {
  data.forEach(checkRow);
  return data.filter((d) => d.x > 0);
}

function logLikelihoodAndGradient(params: GammaGammaParams, rows: readonly SpendSummaryCount[]) {
  const { p, q, v } = params;
  const lnV = Math.log(v);
  const constant = -gammaln(q) + q * lnV;
  const psiQ = digamma(q);
  let value = 0;
  let dp = 0;
  let dq = 0;
  let dv = 0;
  for (const { x, mbar, count: n } of rows) {
    const px = p * x;
    const lnTotal = Math.log(v + x * mbar);
    const psiPxq = digamma(px + q);
    value += n * (constant + gammaln(px + q) - gammaln(px) + (px - 1) * Math.log(mbar) + px * Math.log(x) - (px + q) * lnTotal);
    dp += n * x * (psiPxq - digamma(px) + Math.log(mbar) + Math.log(x) - lnTotal);
    dq += n * (psiPxq - psiQ + lnV - lnTotal);
    dv += n * (q / v - (px + q) / (v + x * mbar));
  }
  return { value, gradient: [dp, dq, dv] };
}

function checkRow(d: SpendSummaryCount, row: number): void {
  const problem =
    !Number.isInteger(d.x) || d.x < 0
      ? `x = ${d.x} is not a whole number of repeat transactions`
      : d.x > 0 && !(Number.isFinite(d.mbar) && d.mbar > 0)
        ? `average spend ${d.mbar} is not positive (exclude refunds and zero-value transactions before averaging)`
        : !(Number.isFinite(d.count) && d.count > 0)
          ? `count = ${d.count} is not a positive number of customers`
          : undefined;
  if (problem !== undefined) throw new ModelFitError(MODEL.name, `spend row ${row}: ${problem}.`);
}
