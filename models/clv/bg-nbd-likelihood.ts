/**
 * The BG/NBD log-likelihood (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way",
 * Marketing Science 24(2), equation 6), evaluated on distinct (x, t_x, T) summaries weighted by how
 * many customers share them, with its analytic gradient for the optimiser.
 *
 * For one customer, in the stable form used by lifetimes and the BTYD R package:
 *   ln L = A1 + A2 + ln(exp(A3) + [x > 0] exp(A4))
 *   A1 = lnΓ(r + x) − lnΓ(r) + r ln α
 *   A2 = lnΓ(a + b) + lnΓ(b + x) − lnΓ(b) − lnΓ(a + b + x)
 *   A3 = −(r + x) ln(α + T)
 *   A4 = ln a − ln(b + x − 1) − (r + x) ln(α + t_x)
 * A1 and A2 depend on x alone, and A3, A4 on x and one of T, t_x: each evaluation computes them once
 * per distinct x, T and t_x, so a row costs one exp and one log1p.
 */
import digamma from "@stdlib/math-base-special-digamma";
import gammaln from "@stdlib/math-base-special-gammaln";
import { ModelFitError } from "./model-fit-error.js";

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** One distinct calibration summary and the number of customers who share it. */
export interface CustomerSummaryCount {
  /** Repeat transactions in the calibration period (purchases after the first). */
  x: number;
  /** Time of the last repeat transaction, from the first purchase (0 when x = 0). */
  tx: number;
  /** Length of observation: from the first purchase to the end of the calibration period. */
  T: number;
  count: number;
}

export interface PreparedSummaries {
  /** Distinct x values and the total count of customers with each. */
  xValues: Float64Array;
  xCounts: Float64Array;
  /** Distinct T and t_x values. */
  tValues: Float64Array;
  txValues: Float64Array;
  /** Per row: index into xValues, tValues, txValues, and the row's count. */
  xIndex: Int32Array;
  tIndex: Int32Array;
  txIndex: Int32Array;
  counts: Float64Array;
  totalCount: number;
}

/** Log-likelihood and its partial derivatives with respect to r, alpha, a, b. */
export interface LogLikelihoodAndGradient {
  value: number;
  gradient: [number, number, number, number];
}

/** Sum over customers of ln L(r, alpha, a, b | x, t_x, T). */
export function bgnbdLogLikelihood(params: BgNbdParams, data: readonly CustomerSummaryCount[]): number {
  return bgnbdLogLikelihoodAndGradient(params, prepareSummaries(data)).value;
}

/** Checks the summaries and lays them out for repeated evaluation. */
export function prepareSummaries(data: readonly CustomerSummaryCount[]): PreparedSummaries {
  data.forEach(checkSummary);
  const xs = indexDistinct(data.map((d) => d.x));
  const ts = indexDistinct(data.map((d) => d.T));
  const txs = indexDistinct(data.map((d) => d.tx));
  const counts = Float64Array.from(data, (d) => d.count);
  const xCounts = new Float64Array(xs.values.length);
  counts.forEach((n, i) => (xCounts[xs.index[i]] += n));
  return {
    xValues: xs.values,
    xCounts,
    tValues: ts.values,
    txValues: txs.values,
    xIndex: xs.index,
    tIndex: ts.index,
    txIndex: txs.index,
    counts,
    totalCount: counts.reduce((s, n) => s + n, 0),
  };
}

export function bgnbdLogLikelihoodAndGradient(params: BgNbdParams, data: PreparedSummaries): LogLikelihoodAndGradient {
  const perX = perXTerms(params, data);
  const { r, alpha, a, b } = params;
  const logT = data.tValues.map((T) => Math.log(alpha + T));
  const invT = data.tValues.map((T) => 1 / (alpha + T));
  const logTx = data.txValues.map((tx) => Math.log(alpha + tx));
  const invTx = data.txValues.map((tx) => 1 / (alpha + tx));
  let value = perX.value;
  let [dr, dalpha, da, db] = perX.gradient;
  for (let i = 0; i < data.counts.length; i++) {
    const n = data.counts[i];
    const k = data.xIndex[i];
    const x = data.xValues[k];
    const j = data.tIndex[i];
    const rx = r + x;
    const a3 = -rx * logT[j];
    if (x === 0) {
      value += n * a3;
      dr -= n * logT[j];
      dalpha -= n * rx * invT[j];
      continue;
    }
    const m = data.txIndex[i];
    const a4 = perX.lnA4[k] - rx * logTx[m];
    // ln(e^A3 + e^A4) = max + log1p(e^-|A3 − A4|); w4 is the weight e^A4 / (e^A3 + e^A4).
    const e = Math.exp(-Math.abs(a3 - a4));
    const w4 = a4 > a3 ? 1 / (1 + e) : e / (1 + e);
    const w3 = 1 - w4;
    value += n * (Math.max(a3, a4) + Math.log1p(e));
    dr -= n * (w3 * logT[j] + w4 * logTx[m]);
    dalpha -= n * rx * (w3 * invT[j] + w4 * invTx[m]);
    da += (n * w4) / a;
    db -= (n * w4) / (b + x - 1);
  }
  return { value, gradient: [dr, dalpha, da, db] };
}

/** A1 + A2 summed over customers (they depend on x alone), their gradient, and ln a − ln(b + x − 1) of A4 per distinct x. */
function perXTerms(params: BgNbdParams, data: PreparedSummaries) {
  const { r, alpha, a, b } = params;
  const lnA4 = new Float64Array(data.xValues.length);
  let value = 0;
  let dr = 0;
  let dalpha = 0;
  let da = 0;
  let db = 0;
  const constant = -gammaln(r) + r * Math.log(alpha) + gammaln(a + b) - gammaln(b);
  const psiAb = digamma(a + b);
  const psiR = digamma(r);
  const psiB = digamma(b);
  data.xValues.forEach((x, k) => {
    const n = data.xCounts[k];
    value += n * (constant + gammaln(r + x) + gammaln(b + x) - gammaln(a + b + x));
    const psiAbx = digamma(a + b + x);
    dr += n * (digamma(r + x) - psiR + Math.log(alpha));
    dalpha += (n * r) / alpha;
    da += n * (psiAb - psiAbx);
    db += n * (psiAb + digamma(b + x) - psiB - psiAbx);
    lnA4[k] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : -Infinity;
  });
  return { value, gradient: [dr, dalpha, da, db] as const, lnA4 };
}

function indexDistinct(values: number[]): { values: Float64Array; index: Int32Array } {
  const positions = new Map<number, number>();
  const index = Int32Array.from(values, (v) => {
    let p = positions.get(v);
    if (p === undefined) {
      p = positions.size;
      positions.set(v, p);
    }
    return p;
  });
  return { values: Float64Array.from(positions.keys()), index };
}

function checkSummary(d: CustomerSummaryCount, row: number): void {
  const problem =
    !Number.isInteger(d.x) || d.x < 0
      ? `x = ${d.x} is not a whole number of repeat transactions`
      : !(Number.isFinite(d.T) && d.T >= 0)
        ? `T = ${d.T} is not a finite, non-negative length of observation`
        : !(Number.isFinite(d.tx) && d.tx >= 0 && d.tx <= d.T)
          ? `t_x = ${d.tx} is not between 0 and T = ${d.T}`
          : !(Number.isFinite(d.count) && d.count > 0)
            ? `count = ${d.count} is not a positive number of customers`
            : undefined;
  if (problem !== undefined) {
    throw new ModelFitError("BG/NBD", `summary row ${row}: ${problem}. Check how the calibration summary was computed.`);
  }
}
