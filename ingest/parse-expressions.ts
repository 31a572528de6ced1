/**
 * SQL expressions that turn landed text into typed values, and the checks that decide whether a row
 * is loaded or quarantined. Everything runs inside DuckDB in one pass over the file: no row goes
 * through JavaScript. Identifiers and literals are built from our schema and the (validated)
 * mapping profile only, and quoted; user data never becomes SQL text.
 */
import type { ColumnSpec } from "../src/db/schema.js";
import { sqlType } from "../src/db/schema.js";

/** What parsing and checking need of a column (its declaration without the documentation). */
export type ColumnRule = Omit<ColumnSpec, "doc">;
import { sqlString } from "../src/db/warehouse.js";

export interface ParseOptions {
  decimal: "," | "." | "auto";
  /** strptime formats tried first; when given, only ISO text is read besides them (no day-first guessing). */
  dateFormat?: string | string[];
  /** Latest accepted timestamp, as a SQL expression. */
  latestTimestamp: string;
}

/** Separator between the field, reason and value of a problem (a tab never survives trim()). */
export const PROBLEM_SEPARATOR = "chr(9)";

const EARLIEST = "TIMESTAMP '1900-01-01'";

export const textExpr = (src: string) => `nullif(trim(${src}), '')`;

export function decimalExpr(src: string, o: ParseOptions): string {
  const cleaned = `regexp_replace(trim(${src}), '[\\s\\x{00A0}\\x{202F}'']', '', 'g')`;
  let normalised: string;
  if (o.decimal === ",") normalised = `replace(replace(${cleaned}, '.', ''), ',', '.')`;
  else if (o.decimal === ".") normalised = `replace(${cleaned}, ',', '')`;
  else
    // `1,234.50` (comma thousands) vs `1.234,50` (dot thousands) vs `1234,5` (decimal comma)
    normalised = `CASE WHEN regexp_full_match(${cleaned}, '-?\\d{1,3}(,\\d{3})+\\.\\d+') THEN replace(${cleaned}, ',', '')
      WHEN regexp_full_match(${cleaned}, '-?\\d{1,3}(\\.\\d{3})+,\\d+') THEN replace(replace(${cleaned}, '.', ''), ',', '.')
      ELSE replace(${cleaned}, ',', '.') END`;
  // The common shapes take cheap paths (`1234.50`; `1234,50` where a comma may be decimal); only
  // odd ones (thousands separators) pay for the regular expressions. coalesce() evaluates each
  // candidate only for the rows the ones before it left empty.
  const plain = o.decimal === "," ? [] : [`TRY_CAST(${src} AS DECIMAL(18,2))`];
  const comma = o.decimal === "." ? [] : [`CASE WHEN NOT contains(${src}, '.') THEN TRY_CAST(replace(${src}, ',', '.') AS DECIMAL(18,2)) END`];
  return `coalesce(${[...plain, ...comma, `TRY_CAST(${normalised} AS DECIMAL(18,2))`].join(", ")})`;
}

/**
 * Day-first dates (`DD.MM.YYYY[ HH:MM[:SS]]`, also with `/`) and compact `YYYYMMDD` are rewritten to
 * ISO text by a regular expression and cast, as ISO dates are. DuckDB's strptime is avoided for the
 * built-in shapes: in DuckDB 1.5 it segfaults now and then on large inputs (seen here, in
 * StrpTimeFormat::Parse); a profile's own `dateFormat` still uses it, being the only way to honour it.
 */
export function timestampExpr(src: string, o: ParseOptions): string {
  const t = `trim(${src})`;
  const dayFirst = `regexp_replace(${t}, '^(\\d{1,2})[./](\\d{1,2})[./](\\d{4})', '\\3-\\2-\\1')`;
  const compact = `regexp_replace(${t}, '^(\\d{4})(\\d{2})(\\d{2})$', '\\1-\\2-\\3')`;
  // With the export's own formats, a value that fits none of them is invalid rather than guessed:
  // "1/2/2011" read day first after a month-first format failed would be a silently wrong date.
  const formats = o.dateFormat === undefined ? [] : [o.dateFormat].flat();
  // the commonest shape, `DD.MM.YYYY[ …]` with two-digit day and month, is sliced first: cheaper than
  // a cast that fails and a regular expression (ISO text fails its guard at once)
  const candidates = [
    ...formats.map((f) => `try_strptime(${t}, ${sqlString(f)})`),
    ...(formats.length ? [] : [dayFirstSliced(t, "TIMESTAMP")]),
    `TRY_CAST(${t} AS TIMESTAMP)`,
    ...(formats.length ? [] : [`TRY_CAST(${dayFirst} AS TIMESTAMP)`, `TRY_CAST(${compact} AS TIMESTAMP)`]),
    `TRY_CAST(TRY_CAST(${t} AS TIMESTAMPTZ) AS TIMESTAMP)`,
  ];
  return `coalesce(${candidates.join(", ")})`;
}

/** `DD.MM.YYYY` or `DD/MM/YYYY` (and whatever follows) as ISO text, cast to `type`; NULL for other shapes. */
function dayFirstSliced(t: string, type: "TIMESTAMP" | "DATE"): string {
  const sep = (i: number) => `(substr(${t}, ${i}, 1) = '.' OR substr(${t}, ${i}, 1) = '/')`;
  const rest = type === "TIMESTAMP" ? ` || substr(${t}, 11)` : "";
  return `CASE WHEN ${sep(3)} AND ${sep(6)} THEN TRY_CAST(substr(${t}, 7, 4) || '-' || substr(${t}, 4, 2) || '-' || substr(${t}, 1, 2)${rest} AS ${type}) END`;
}

/** A date from its own column (the date part of a timestamp made of a date and a time column). */
export function dateExpr(src: string, o: ParseOptions): string {
  const t = `trim(${src})`;
  const fast = o.dateFormat === undefined ? [dayFirstSliced(t, "DATE"), `TRY_CAST(${t} AS DATE)`] : [];
  return `coalesce(${[...fast, `CAST(${timestampExpr(src, o)} AS DATE)`].join(", ")})`;
}

/**
 * A time of day from its own column: `HH:MM[:SS]`, `H:MM`, or compact `HHMM` / `HMM` (as some
 * exports write it: 931 is 09:31), as a TIME that can be added to a DATE.
 */
export function timeOfDayExpr(src: string): string {
  const t = `trim(${src})`;
  const compact = `regexp_replace(lpad(${t}, 4, '0'), '^(\\d{2})(\\d{2})$', '\\1:\\2')`;
  return `coalesce(TRY_CAST(${t} AS TIME), CASE WHEN regexp_full_match(${t}, '\\d{3,4}') THEN TRY_CAST(${compact} AS TIME) END)`;
}

/** `list_contains([…], v)`, not `v IN (…)`: DuckDB turns a long IN list into a join, a pass over every row. */
export const inList = (value: string, values: readonly string[]) => `list_contains([${values.map(sqlString).join(", ")}], ${value})`;

const TRUE_WORDS = ["1", "true", "t", "yes", "y", "да", "д", "+"];
const FALSE_WORDS = ["0", "false", "f", "no", "n", "нет", "н", "-"];

function boolExpr(src: string): string {
  const v = `lower(trim(${src}))`;
  return `CASE WHEN ${inList(v, TRUE_WORDS)} THEN true WHEN ${inList(v, FALSE_WORDS)} THEN false END`;
}

/** Russian numbers in any shape → E.164 `+7XXXXXXXXXX`; other countries' `+…` numbers kept as digits. */
export function phoneExpr(src: string): string {
  const d = `regexp_replace(${src}, '\\D', '', 'g')`;
  return `CASE WHEN length(${d}) = 11 AND left(${d}, 1) IN ('7', '8') THEN '+7' || right(${d}, 10)
    WHEN length(${d}) = 10 THEN '+7' || ${d}
    WHEN left(trim(${src}), 1) = '+' AND length(${d}) BETWEEN 11 AND 15 THEN '+' || ${d} END`;
}

export function emailExpr(src: string): string {
  const e = `lower(trim(${src}))`;
  return `CASE WHEN regexp_full_match(${e}, '[^@\\s]+@[^@\\s]+\\.[^@\\s.]+') THEN ${e} END`;
}

/**
 * What a landed value of DuckDB type `sourceType` needs to become the column's value:
 * - `none`: a typed (Parquet) column of the column's own, non-text type is taken as it is;
 * - `normalise`: text into a text column (text, phone, e-mail) is trimmed, lower-cased or reshaped,
 *   which can empty a blank value but never makes a present one invalid (a phone or e-mail that is
 *   not one is only a warning, see columnWarning);
 * - `convert`: anything else is cast or parsed, and a present value may fail to convert.
 * Text always goes through `normalise`, even from a typed VARCHAR column: padding and blank values
 * must not reach staging, where `' S1 '` and `'S1'` would be different keys.
 */
export function parsing(sourceType: string, spec: ColumnRule): "none" | "normalise" | "convert" {
  const target = sqlType(spec.kind);
  if (sourceType === "VARCHAR" && target === "VARCHAR") return "normalise";
  return sourceType === target ? "none" : "convert";
}

/** Parses a landed value of DuckDB type `sourceType` into the column's type. */
export function parseExpr(src: string, sourceType: string, spec: ColumnRule, o: ParseOptions): string {
  if (parsing(sourceType, spec) === "none") return src;
  if (sourceType !== "VARCHAR") return `TRY_CAST(${src} AS ${sqlType(spec.kind)})`;
  switch (spec.kind) {
    case "text":
      return spec.accepted || spec.known ? `lower(${textExpr(src)})` : textExpr(src);
    case "int":
      return `coalesce(TRY_CAST(${src} AS BIGINT), TRY_CAST(regexp_replace(${src}, '[\\s\\x{00A0}]', '', 'g') AS BIGINT))`;
    case "decimal":
      return decimalExpr(src, o);
    case "timestamp":
      return timestampExpr(src, o);
    case "date":
      return `CAST(${timestampExpr(src, o)} AS DATE)`;
    case "bool":
      return boolExpr(src);
    case "phone":
      return phoneExpr(src);
    case "email":
      return emailExpr(src);
  }
}

export function problem(field: string, reason: string, value?: string): string {
  const v = value ? ` || ${PROBLEM_SEPARATOR} || ${value}` : "";
  return `${sqlString(field)} || ${PROBLEM_SEPARATOR} || ${sqlString(reason)}${v}`;
}

/**
 * The checks of one column, as SQL CASE expressions that yield a problem text or NULL.
 * `value` is the parsed column, `raw` the landed value (text, or a typed Parquet column of DuckDB
 * type `sourceType`), `isReturn` the row's return flag.
 */
export function columnChecks(
  name: string,
  spec: ColumnRule,
  value: string,
  raw: string,
  sourceType: string,
  isReturn: string,
  o: ParseOptions,
): string[] {
  const checks: string[] = [];
  const mandatory = spec.key || spec.required;
  const missing = problem(name, "missing_required");
  if (parsing(sourceType, spec) === "convert") {
    // Only rows whose value came out NULL pay for looking at the raw value again.
    const present = sourceType === "VARCHAR" ? `nullif(trim(${raw}), '') IS NOT NULL` : `${raw} IS NOT NULL`;
    const invalid = problem(name, `invalid_${spec.kind}`, `CAST(${raw} AS VARCHAR)`);
    checks.push(`CASE WHEN ${value} IS NULL THEN CASE WHEN ${present} THEN ${invalid}${mandatory ? ` ELSE ${missing}` : ""} END END`);
  } else if (mandatory) {
    // A value that cannot fail to parse is NULL only when it is missing.
    checks.push(`CASE WHEN ${value} IS NULL THEN ${missing} END`);
  }
  if (spec.accepted) checks.push(`CASE WHEN NOT ${inList(value, spec.accepted)} THEN ${problem(name, "not_accepted", value)} END`);
  if (spec.min !== undefined) {
    const below = `${value} < ${spec.min}`;
    const reason = spec.returnable ? "negative_on_sale" : "out_of_range";
    const allowed = spec.returnable ? `${below} AND NOT ${isReturn}` : below;
    checks.push(`CASE WHEN ${allowed} THEN ${problem(name, reason, `CAST(${value} AS VARCHAR)`)} END`);
  }
  if (spec.kind === "timestamp" || spec.kind === "date") {
    if (!spec.future) checks.push(`CASE WHEN ${value} > ${o.latestTimestamp} THEN ${problem(name, "future_date", `CAST(${value} AS VARCHAR)`)} END`);
    checks.push(`CASE WHEN ${value} < ${EARLIEST} THEN ${problem(name, "out_of_range", `CAST(${value} AS VARCHAR)`)} END`);
  }
  return checks;
}

/**
 * Checks whose failure keeps the row but records a warning: a phone that is not a phone (blanked),
 * a value outside an open list (kept as given).
 */
export function columnWarning(name: string, spec: ColumnRule, value: string, raw: string): string | undefined {
  if (spec.known) return `CASE WHEN NOT ${inList(value, spec.known)} THEN ${problem(name, "unknown_value", value)} END`;
  if (spec.kind !== "phone" && spec.kind !== "email") return undefined;
  return `CASE WHEN ${value} IS NULL AND nullif(trim(${raw}), '') IS NOT NULL THEN ${problem(name, `invalid_${spec.kind}`, raw)} END`;
}
