/**
 * Compiles a validated segment definition to one parameterised query over `mart_customer_features`
 * (alias `f`). Field names come from the closed list of segment-fields.ts and are written into the
 * SQL from that list, never from the definition's text; every value is a bound parameter.
 */
import type { SqlValue } from "../src/db/warehouse.js";
import type { Comparison, Condition, SegmentDefinition } from "./segment-definition.js";
import { SEGMENT_FIELDS } from "./segment-fields.js";

export interface CompiledSegment {
  /** Selects the features row (`f.*`) of every member of the segment. */
  sql: string;
  params: SqlValue[];
}

class Params {
  readonly values: SqlValue[] = [];
  add(value: SqlValue): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

interface Compilation {
  params: Params;
  asOf: string;
  windows: string[];
}

export function compileSegment(definition: SegmentDefinition): CompiledSegment {
  const params = new Params();
  // The as-of date is read from the features table itself, so windows line up with the build.
  const c: Compilation = { params, asOf: "(SELECT max(as_of) FROM mart_customer_features)", windows: [] };
  const where = [condition(definition.where, c)];
  if (definition.suppressContactedWithinDays) {
    where.push(`(f.days_since_contact IS NULL OR f.days_since_contact >= ${params.add(definition.suppressContactedWithinDays)})`);
  }
  const ctes = c.windows.map((sql, i) => `w${i + 1} AS (${sql})`);
  const joins = c.windows.map((_, i) => `LEFT JOIN w${i + 1} ON w${i + 1}.customer_id = f.customer_id`);
  const sql = [ctes.length ? `WITH ${ctes.join(",\n")}` : "", "SELECT f.* FROM mart_customer_features f", ...joins, `WHERE ${where.join(" AND ")}`]
    .filter(Boolean)
    .join("\n");
  return { sql, params: params.values };
}

function condition(cond: Condition, c: Compilation): string {
  if ("all" in cond) return `(${cond.all.map((x) => condition(x, c)).join(" AND ")})`;
  if ("any" in cond) return `(${cond.any.map((x) => condition(x, c)).join(" OR ")})`;
  if ("not" in cond) return `(NOT ${condition(cond.not, c)})`;
  return comparison(cond, c);
}

/** Two-valued logic: a comparison with a missing value is false, so `not` means "everyone else". */
function comparison(cmp: Comparison, c: Compilation): string {
  const expr = fieldExpr(cmp, c);
  const p = (v: SqlValue) => c.params.add(v);
  const list = (vs: SqlValue[]) => vs.map(p).join(", ");
  if (cmp.eq !== undefined) return `coalesce(${expr} = ${p(cmp.eq)}, false)`;
  if (cmp.ne !== undefined) return `(${expr} IS DISTINCT FROM ${p(cmp.ne)})`;
  if (cmp.gt !== undefined) return `coalesce(${expr} > ${p(cmp.gt)}, false)`;
  if (cmp.gte !== undefined) return `coalesce(${expr} >= ${p(cmp.gte)}, false)`;
  if (cmp.lt !== undefined) return `coalesce(${expr} < ${p(cmp.lt)}, false)`;
  if (cmp.lte !== undefined) return `coalesce(${expr} <= ${p(cmp.lte)}, false)`;
  if (cmp.between !== undefined) return `coalesce(${expr} BETWEEN ${p(cmp.between[0])} AND ${p(cmp.between[1])}, false)`;
  if (cmp.in !== undefined) return `coalesce(${expr} IN (${list(cmp.in)}), false)`;
  if (cmp.notIn !== undefined) return `NOT coalesce(${expr} IN (${list(cmp.notIn)}), false)`;
  return cmp.isNull ? `(${expr} IS NULL)` : `(${expr} IS NOT NULL)`;
}

function fieldExpr(cmp: Comparison, c: Compilation): string {
  const field = SEGMENT_FIELDS[cmp.field];
  if (field.kind === "column") return `f.${cmp.field}`;
  const days = cmp[field.window]!;
  const daysParam = c.params.add(days);
  const categoryParam = cmp.category === undefined ? "NULL" : c.params.add(cmp.category);
  // Replacer functions: a replacement string would give `$` patterns a meaning.
  const sql = field.sql
    .replaceAll("$asOf", () => c.asOf)
    .replaceAll("$days", () => daysParam)
    .replaceAll("$category", () => categoryParam);
  c.windows.push(sql);
  return `coalesce(w${c.windows.length}.value, 0)`;
}
