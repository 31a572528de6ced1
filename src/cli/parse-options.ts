/**
 * Checks of numeric command-line options, so a typo fails with the option's name and what to type
 * instead, not with NaN deep inside a query ("Conversion Error … nan").
 */
import { UsageError } from "../errors.js";

/** `value` of `option` (e.g. "--limit") as a whole number ≥ 1. */
export function positiveInt(value: string, option: string): number {
  // digits only: Number() would also take "", "1e3", "0x10" and " 5 "
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${option} ${value}: use a whole number ≥ 1`);
  return n;
}
