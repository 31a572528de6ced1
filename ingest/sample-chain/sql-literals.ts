/** Renders TypeScript constants as DuckDB literals, so parameters live in TS and the bulk work in SQL. */
import { sqlString } from "../../src/db/warehouse.js";

export type Literal = string | number | boolean | null;

export function sqlLiteral(value: Literal): string {
  if (value === null) return "NULL";
  if (typeof value === "string") return sqlString(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return String(value);
}

export function sqlList(values: readonly Literal[]): string {
  return `[${values.map(sqlLiteral).join(", ")}]`;
}

/**
 * Expands weights into a lookup list of `size` slots (largest remainder, every item at least one
 * slot), so a weighted pick is one list index per row instead of a search.
 */
export function weightedSlots<T extends Literal>(items: readonly T[], weights: readonly number[], size = 1000): T[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / total) * size);
  const counts = exact.map((x) => Math.max(1, Math.floor(x)));
  let left = size - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % byRemainder.length, left--) counts[byRemainder[k][1]]++;
  return items.flatMap((item, i) => Array<T>(counts[i]).fill(item));
}

/** `CASE expr WHEN key THEN value ... END` over a lookup record. */
export function sqlCase(expr: string, lookup: Record<string, Literal>, otherwise: Literal = null): string {
  const whens = Object.entries(lookup).map(([k, v]) => `WHEN ${sqlLiteral(k)} THEN ${sqlLiteral(v)}`);
  return `CASE ${expr} ${whens.join(" ")} ELSE ${sqlLiteral(otherwise)} END`;
}
