/**
 * LMDI (logarithmic mean Divisia index, additive form LMDI-I; Ang 2005) for
 * `revenue = customers × average check × visits per customer`: the change of revenue between two
 * periods split into three effects that add up to the change exactly.
 *
 *   effect_k = L(R1, R0) · ln(x_k1 / x_k0),   L(a, b) = (a − b) / (ln a − ln b),  L(a, a) = a.
 *
 * Zeros (a store that opened or closed, a period without members) are handled by the method's
 * limit, not by an epsilon: substituting δ → 0 for the zero factor (Ang & Liu 2007), its effect tends
 * to the whole change and the other effects to 0. Factors that are undefined in the empty period
 * (the check and the visits of a period with no customers) count as unchanged.
 */
export interface PeriodTotals {
  customers: number;
  visits: number;
  revenue: number;
}

export interface LmdiEffects {
  change: number;
  customers: number;
  check: number;
  visits: number;
}

type FactorName = "customers" | "check" | "visits";
const FACTORS: FactorName[] = ["customers", "check", "visits"];

function factors(p: PeriodTotals): Record<FactorName, number | undefined> {
  return {
    customers: p.customers,
    check: p.visits > 0 ? p.revenue / p.visits : undefined,
    visits: p.customers > 0 ? p.visits / p.customers : undefined,
  };
}

export function logMean(a: number, b: number): number {
  if (a === b) return a;
  return (a - b) / (Math.log(a) - Math.log(b));
}

export function lmdi(before: PeriodTotals, after: PeriodTotals): LmdiEffects {
  const change = after.revenue - before.revenue;
  const effects: LmdiEffects = { change, customers: 0, check: 0, visits: 0 };
  if (change === 0 && (before.revenue === 0 || after.revenue === 0)) return effects;
  const f0 = factors(before);
  const f1 = factors(after);
  if (before.revenue > 0 && after.revenue > 0) {
    const weight = logMean(after.revenue, before.revenue);
    for (const k of FACTORS) effects[k] = weight * Math.log(f1[k]! / f0[k]!);
    return effects;
  }
  // One side has no revenue: the limit gives the whole change to the first factor that vanishes there.
  const empty = before.revenue > 0 ? f1 : f0;
  const vanishing = FACTORS.find((k) => !empty[k]) ?? "customers";
  effects[vanishing] = change;
  return effects;
}
