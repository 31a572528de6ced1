/**
 * A segment definition: who is in it (a condition tree over the fields of segment-fields.ts), the
 * campaign it feeds (control-group share, channel priority, the offer). Marketers write these as
 * YAML or JSON files; engineers may write TypeScript that exports the same shape. Everything is
 * validated here, once, with errors that name the file and the key.
 */
import { z } from "zod";
import { MESSAGE_CHANNELS } from "../src/db/schema.js";
import { FIELD_NAMES, SEGMENT_FIELDS, type FieldName } from "./segment-fields.js";

export const COMPARISONS = ["eq", "ne", "gt", "gte", "lt", "lte", "between", "in", "notIn", "isNull"] as const;
export type ComparisonOp = (typeof COMPARISONS)[number];

type Scalar = string | number | boolean;

export interface Comparison {
  field: FieldName;
  /** Window of a window field (see segment-fields.ts). */
  lastDays?: number;
  nextDays?: number;
  category?: string;
  eq?: Scalar;
  ne?: Scalar;
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  between?: [number, number];
  in?: Scalar[];
  notIn?: Scalar[];
  isNull?: boolean;
}

export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | Comparison;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

const comparisonSchema = z
  .object({
    field: z.enum(FIELD_NAMES, { message: `must be one of: ${FIELD_NAMES.join(", ")}` }),
    lastDays: z.number().int().positive().max(3660).optional(),
    nextDays: z.number().int().positive().max(3660).optional(),
    category: z.string().min(1).optional(),
    eq: scalar.optional(),
    ne: scalar.optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
    lt: z.number().optional(),
    lte: z.number().optional(),
    between: z.tuple([z.number(), z.number()]).refine(([lo, hi]) => lo <= hi, "lower bound above upper").optional(),
    in: z.array(scalar).min(1).optional(),
    notIn: z.array(scalar).min(1).optional(),
    isNull: z.boolean().optional(),
  })
  .strict()
  .superRefine(checkComparison);

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ not: conditionSchema }).strict(),
    comparisonSchema,
  ]),
) as z.ZodType<Condition>;

export const segmentDefinitionSchema = z
  .object({
    /** kebab-case; the file's name without extension. */
    name: z.string().regex(/^[a-z][a-z0-9-]*$/, "must be kebab-case, e.g. win-back"),
    title: z.string().min(1),
    description: z.string().optional(),
    where: conditionSchema,
    /** The campaign the segment feeds; the control group is drawn per campaign. Default: the name. */
    campaign: z.string().regex(/^[A-Za-z0-9._-]+$/, "letters, digits, dot, dash, underscore").optional(),
    /** Share of members held out as the control group (not contacted, no offer). Default from config. */
    controlShare: z.number().min(0).max(0.5).optional(),
    /** Channel priority of the cascade: the first the member consented to and can be reached on. */
    channels: z.array(z.enum(MESSAGE_CHANNELS)).min(1).refine((c) => new Set(c).size === c.length, "lists a channel twice").optional(),
    /** Leave out members contacted within this many days (frequency capping). */
    suppressContactedWithinDays: z.number().int().positive().optional(),
    offer: z
      .object({
        code: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, "letters, digits, dash, underscore; at most 32"),
        text: z.string().optional(),
        /** Days the offer is valid, starting the day after the data's as-of date. */
        validDays: z.number().int().positive().max(366).default(7),
      })
      .strict()
      .optional(),
  })
  .strict();

export type SegmentDefinition = z.infer<typeof segmentDefinitionSchema>;
/** What a TypeScript definition exports (defaults may be left out). */
export type SegmentDefinitionInput = z.input<typeof segmentDefinitionSchema>;

function checkComparison(c: z.infer<typeof comparisonSchema>, ctx: z.RefinementCtx): void {
  const ops = COMPARISONS.filter((op) => c[op] !== undefined);
  if (ops.length !== 1) {
    ctx.addIssue({ code: "custom", message: `needs exactly one comparison of ${COMPARISONS.join(", ")} (has ${ops.length ? ops.join(", ") : "none"})` });
    return;
  }
  const field = SEGMENT_FIELDS[c.field];
  const op = ops[0];
  const problem = windowProblem(c) ?? valueProblem(field.type, op, c[op], "accepted" in field ? field.accepted : undefined);
  if (problem) ctx.addIssue({ code: "custom", message: problem.message, path: [problem.key] });
}

function windowProblem(c: Comparison): { key: string; message: string } | undefined {
  const field = SEGMENT_FIELDS[c.field];
  const window = field.kind === "window" ? field.window : undefined;
  for (const key of ["lastDays", "nextDays"] as const) {
    if (c[key] !== undefined && window !== key) return { key, message: `${c.field} does not take ${key}` };
  }
  if (window && c[window] === undefined) return { key: window, message: `${c.field} needs ${window}` };
  const needsCategory = field.kind === "window" && "needsCategory" in field;
  if (needsCategory && c.category === undefined) return { key: "category", message: `${c.field} needs a category` };
  if (!needsCategory && c.category !== undefined) return { key: "category", message: `${c.field} does not take a category` };
  return undefined;
}

function valueProblem(type: string, op: ComparisonOp, value: unknown, accepted?: readonly string[]): { key: string; message: string } | undefined {
  if (op === "isNull") return undefined;
  const values = Array.isArray(value) ? value : [value];
  const wrong = values.find((v) => typeof v !== (type === "text" ? "string" : type));
  if (wrong !== undefined) return { key: op, message: `compares a ${type} field with ${JSON.stringify(wrong)}` };
  if (type !== "number" && ["gt", "gte", "lt", "lte", "between"].includes(op)) return { key: op, message: `cannot order a ${type} field` };
  const unknown = accepted ? values.find((v) => !accepted.includes(v as string)) : undefined;
  if (unknown !== undefined) return { key: op, message: `${JSON.stringify(unknown)} is not one of ${accepted!.join(", ")}` };
  return undefined;
}
