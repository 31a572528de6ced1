/**
 * Calibration/holdout check of a BG/NBD fit (FHL 2005, the conditional-expectations figure): for
 * customers grouped by their calibration frequency x, the purchases they actually made in the
 * holdout period against the sum of their conditional expectations E[Y(t) | x, t_x, T].
 */
import { type BgNbdParams, conditionalExpectedPurchases } from "./bg-nbd.js";

export interface CalibrationHoldoutCustomer {
  /** Calibration summary, in the fit's time unit. */
  x: number;
  tx: number;
  T: number;
  /** Repeat purchases the customer made in the holdout period. */
  holdoutPurchases: number;
}

/** Totals for one group; divide by `customers` for the per-customer means usually plotted. */
export interface HoldoutComparisonRow {
  /** "0", "1", … for one calibration frequency, "7+" for the top group, "all" for everyone. */
  group: string;
  customers: number;
  actual: number;
  predicted: number;
}

/**
 * One row per calibration frequency 0..topGroup − 1, a row for x ≥ topGroup (default 7, as in the
 * paper's figure) and a final "all" row. Every frequency group is present, empty ones with zeros,
 * so charts of several fits line up.
 */
export function compareCalibrationHoldout(
  params: BgNbdParams,
  customers: readonly CalibrationHoldoutCustomer[],
  holdoutLength: number,
  topGroup = 7,
): HoldoutComparisonRow[] {
  const rows: HoldoutComparisonRow[] = Array.from({ length: topGroup + 1 }, (_, x) => ({
    group: x < topGroup ? String(x) : `${topGroup}+`,
    customers: 0,
    actual: 0,
    predicted: 0,
  }));
  const all: HoldoutComparisonRow = { group: "all", customers: 0, actual: 0, predicted: 0 };
  for (const c of customers) {
    if (!Number.isInteger(c.x) || c.x < 0) throw new RangeError(`calibration/holdout: x = ${c.x} is not a whole number of repeat transactions`);
    const predicted = conditionalExpectedPurchases(params, holdoutLength, c.x, c.tx, c.T);
    for (const row of [rows[Math.min(c.x, topGroup)], all]) {
      row.customers += 1;
      row.actual += c.holdoutPurchases;
      row.predicted += predicted;
    }
  }
  return [...rows, all];
}
