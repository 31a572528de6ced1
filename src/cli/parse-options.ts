/**
 * Checks of numeric and date command-line options, so a typo fails with the option's name and what
 * to type instead, not with NaN or a conversion error deep inside a query ("Conversion Error … nan").
 */
import { FEED_NAMES, type FeedName } from "../db/schema.js";
import { UsageError } from "../errors.js";

/** `value` of `option` (e.g. "--limit") as a whole number ≥ 1. */
export function positiveInt(value: string, option: string): number {
  // digits only: Number() would also take "", "1e3", "0x10" and " 5 "
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${option} ${value}: use a whole number ≥ 1`);
  return n;
}

/** `value` of `option` (e.g. "--as-of") as a calendar date YYYY-MM-DD that exists. */
export function isoDate(value: string, option: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!date || date.toISOString().slice(0, 10) !== value) throw new UsageError(`${option} ${value}: not a date; use YYYY-MM-DD, e.g. 2026-10-31`);
  return value;
}

/** `value` of `--port` (or PORT) as a port number, 0 for any free one; undefined stays undefined (the default port). */
export function portNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${value}: use a port number`);
  return port;
}

/** `--feed`, when given, as one of the feeds. */
export function feedOption(value: string | undefined): FeedName | undefined {
  if (value !== undefined && !FEED_NAMES.includes(value as FeedName)) throw new UsageError(`--feed ${value}: not a feed. Feeds: ${FEED_NAMES.join(", ")}`);
  return value as FeedName | undefined;
}
