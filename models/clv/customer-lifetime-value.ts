/**
 * Customer lifetime value over a horizon of whole months, discounted monthly, the way lifetimes'
 * `customer_lifetime_value` computes it: for each month i = 1..months,
 *   (E[purchases by the end of month i] − E[purchases by the end of month i − 1]) × E[spend] / (1 + d)^i,
 * with purchases from BG/NBD (conditional on the customer's history) and spend from Gamma-Gamma.
 *
 * The models are fitted in a time unit of the caller's choice (days or weeks); `unitsPerMonth`
 * converts months to that unit. The constants below use a 30-day month, as lifetimes does for daily
 * data; note that lifetimes' weekly option uses 4.345 weeks (365.25 / 12 / 7), which does not agree
 * with its own 30-day month, so a weekly fit here uses 30 / 7 to value the same month as a daily fit.
 */
import { type BgNbdParams, conditionalExpectedPurchases } from "./bg-nbd.js";
import { type GammaGammaParams, conditionalExpectedAverageSpend } from "./gamma-gamma.js";

export const DAYS_PER_MONTH = 30;
export const WEEKS_PER_MONTH = 30 / 7;

export interface LifetimeValueOptions {
  /** Horizon in whole months. */
  months: number;
  /** Discount rate per month, e.g. 0.01 (about 12.7% a year). */
  monthlyDiscountRate: number;
  /** Time units of the fit per month: DAYS_PER_MONTH or WEEKS_PER_MONTH. */
  unitsPerMonth: number;
}

export interface CustomerHistory {
  /** Repeat transactions, time of the last one and length of observation, in the fit's time unit. */
  x: number;
  tx: number;
  T: number;
  /** Average value of the repeat transactions (ignored when x = 0). */
  mbar: number;
}

export function customerLifetimeValue(
  models: { purchases: BgNbdParams; spend: GammaGammaParams },
  customer: CustomerHistory,
  options: LifetimeValueOptions,
): number {
  const { x, tx, T, mbar } = customer;
  return discountedMonthlyValue(
    (t) => conditionalExpectedPurchases(models.purchases, t, x, tx, T),
    conditionalExpectedAverageSpend(models.spend, x, mbar),
    options,
  );
}

/**
 * The discounted sum above for any model of purchases: `cumulativePurchases(t)` is the expected
 * number of purchases in the next t time units.
 */
export function discountedMonthlyValue(
  cumulativePurchases: (t: number) => number,
  spendPerPurchase: number,
  options: LifetimeValueOptions,
): number {
  checkOptions(options);
  let value = 0;
  let previous = 0;
  for (let month = 1; month <= options.months; month++) {
    const cumulative = cumulativePurchases(month * options.unitsPerMonth);
    value += ((cumulative - previous) * spendPerPurchase) / Math.pow(1 + options.monthlyDiscountRate, month);
    previous = cumulative;
  }
  return value;
}

function checkOptions({ months, monthlyDiscountRate, unitsPerMonth }: LifetimeValueOptions): void {
  if (!Number.isInteger(months) || months < 0) throw new RangeError(`CLV horizon: months = ${months} is not a whole number of months`);
  if (!(monthlyDiscountRate > -1)) throw new RangeError(`CLV: monthly discount rate ${monthlyDiscountRate} must be above -1 (0.01 means 1% a month)`);
  if (!(unitsPerMonth > 0)) throw new RangeError(`CLV: unitsPerMonth = ${unitsPerMonth} must be positive (30 for a fit in days, 30 / 7 for weeks)`);
}
