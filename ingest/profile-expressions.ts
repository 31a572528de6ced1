/**
 * Derived columns of a mapping profile: a small, closed set of operations that real exports need
 * (`amount = Quantity × UnitPrice`, a timestamp from a date column and a time column, a receipt id
 * composed of till, date and number). An expression is data, validated by a schema and compiled to
 * SQL here from the export's column names (quoted) and literals (quoted): never raw SQL.
 *
 * Operands: a string names a column of the export; a number is a number; `{ text: "-" }` is text.
 */
import { z } from "zod";
import { sqlString } from "../src/db/warehouse.js";
import { dateExpr, decimalExpr, textExpr, timeOfDayExpr, type ParseOptions } from "./parse-expressions.js";

export type Operand = string | number | { text: string } | Expression;
export type Expression =
  | { product: Operand[] }
  | { sum: Operand[] }
  | { difference: [Operand, Operand] }
  | { negate: Operand }
  | { round: Operand; digits?: number }
  | { concat: Operand[] }
  | { firstOf: Operand[] }
  | { datetime: [Operand, Operand] };

export const operandSchema: z.ZodType<Operand> = z.lazy(() =>
  z.union([z.string().min(1), z.number(), z.object({ text: z.string() }).strict(), expressionSchema]),
);
const list = (min: number) => z.array(operandSchema).min(min);
export const expressionSchema: z.ZodType<Expression> = z.lazy(() =>
  z.union([
    z.object({ product: list(2) }).strict(),
    z.object({ sum: list(2) }).strict(),
    z.object({ difference: z.tuple([operandSchema, operandSchema]) }).strict(),
    z.object({ negate: operandSchema }).strict(),
    z.object({ round: operandSchema, digits: z.number().int().min(0).max(6).optional() }).strict(),
    z.object({ concat: list(2) }).strict(),
    z.object({ firstOf: list(2) }).strict(),
    z.object({ datetime: z.tuple([operandSchema, operandSchema]) }).strict(),
  ]),
);

export type ValueType = "DECIMAL(18,2)" | "VARCHAR" | "TIMESTAMP";

export interface CompiledExpression {
  /** The value, as SQL of type `type`. */
  sql: string;
  type: ValueType;
  /** The operands as the export wrote them, for the quarantine ("Quantity=abc; UnitPrice=2,5"). */
  raw: string;
  /** Problems of operands that are present but unreadable: (column, reason, raw value) as SQL conditions. */
  invalid: { column: string; reason: string; when: string; value: string }[];
  /** Every export column the expression reads. */
  columns: string[];
}

/** Resolves an export column name to the SQL of its landed text. */
export type ColumnSource = (name: string) => string;

const isExpression = (o: Operand): o is Expression => typeof o === "object" && !("text" in o);

/** The operation's name, for messages. */
export function expressionKind(e: Expression): string {
  return Object.keys(e).find((k) => k !== "digits")!;
}

export function compileExpression(e: Expression, source: ColumnSource, o: ParseOptions): CompiledExpression {
  if ("product" in e) return numeric(e.product, " * ", source, o);
  if ("sum" in e) return numeric(e.sum, " + ", source, o);
  if ("difference" in e) return numeric(e.difference, " - ", source, o);
  if ("negate" in e) {
    const inner = asNumber(e.negate, source, o);
    return { ...inner, sql: `(-(${inner.sql}))::DECIMAL(18,2)` };
  }
  if ("round" in e) {
    const inner = asNumber(e.round, source, o);
    return { ...inner, sql: `round(${inner.sql}, ${e.digits ?? 2})::DECIMAL(18,2)` };
  }
  if ("concat" in e) {
    const parts = e.concat.map((p) => asText(p, source, o));
    // NULL when any column is empty: a composed key with a part missing is missing, not "2--118"
    return combine(parts, `(${parts.map((p) => p.sql).join(" || ")})`, "VARCHAR");
  }
  if ("firstOf" in e) {
    const parts = e.firstOf.map((p) => asText(p, source, o));
    return combine(parts, `coalesce(${parts.map((p) => p.sql).join(", ")})`, "VARCHAR");
  }
  const [day, time] = [operand(e.datetime[0], source, o, "date"), operand(e.datetime[1], source, o, "time")];
  return combine([day, time], `(${day.sql} + ${time.sql})`, "TIMESTAMP");
}

function numeric(operands: Operand[], op: string, source: ColumnSource, o: ParseOptions): CompiledExpression {
  const parts = operands.map((p) => asNumber(p, source, o));
  return combine(parts, `(${parts.map((p) => p.sql).join(op)})::DECIMAL(18,2)`, "DECIMAL(18,2)");
}

function combine(parts: CompiledExpression[], sql: string, type: ValueType): CompiledExpression {
  return {
    sql,
    type,
    raw: parts.length === 1 ? parts[0].raw : `concat_ws('; ', ${parts.map((p) => p.raw).join(", ")})`,
    invalid: parts.flatMap((p) => p.invalid),
    columns: parts.flatMap((p) => p.columns),
  };
}

const asNumber = (p: Operand, source: ColumnSource, o: ParseOptions) => operand(p, source, o, "number");
const asText = (p: Operand, source: ColumnSource, o: ParseOptions) => operand(p, source, o, "text");

type Role = "number" | "text" | "date" | "time";

/** An operand as a value of its role: a column is checked (present but unreadable is a problem), a literal is not. */
function operand(p: Operand, source: ColumnSource, o: ParseOptions, role: Role): CompiledExpression {
  if (isExpression(p)) return compileExpression(p, source, o);
  const column = typeof p === "string" ? p : undefined;
  const text = typeof p === "string" ? source(p) : sqlString(typeof p === "number" ? String(p) : p.text);
  const parsed = {
    number: decimalExpr(text, o),
    text: textExpr(text),
    date: dateExpr(text, o),
    time: timeOfDayExpr(text),
  }[role];
  const type: ValueType = role === "number" ? "DECIMAL(18,2)" : "VARCHAR";
  if (column === undefined) return { sql: parsed, type, raw: "NULL", invalid: [], columns: [] };
  const invalid = role === "text" ? [] : [{
    column,
    reason: role === "number" ? "invalid_decimal" : "invalid_timestamp",
    when: `${textExpr(text)} IS NOT NULL AND ${parsed} IS NULL`,
    value: text,
  }];
  return { sql: parsed, type, raw: `${sqlString(`${column}=`)} || coalesce(${text}, '')`, invalid, columns: [column] };
}
