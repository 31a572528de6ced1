/**
 * The `jobs` config section: named jobs, each a cron schedule and the steps it runs in order.
 *
 * ```yaml
 * jobs:
 *   nightly:
 *     cron: "0 3 * * *"
 *     steps: [{ ingest: data/inbox }, build, { segments: [lapsing] }, { sync: { destination: crm } }, publish]
 * ```
 */
import { validateDetailed } from "node-cron";
import { z } from "zod";

const STEP_WORDS = ["build", "publish"] as const;

/** Steps written as a one-key object, keyed by that key so a step can be checked by its key alone. */
const STEP_OBJECTS = {
  ingest: z.object({ ingest: z.string().min(1, "must name an inbox folder") }).strict(),
  segments: z
    .object({ segments: z.array(z.string().min(1)).min(1, "must list at least one segment definition") })
    .strict(),
  sync: z
    .object({
      sync: z
        .object({
          destination: z.string().min(1, "must name a destination"),
          segments: z.array(z.string().min(1)).optional(),
          full: z.boolean().optional(),
        })
        .strict(),
    })
    .strict(),
};

type StepKey = keyof typeof STEP_OBJECTS;

export type JobStep = (typeof STEP_WORDS)[number] | z.infer<(typeof STEP_OBJECTS)[StepKey]>;

const STEP_FORMS = `"build", "publish", { ingest: <inbox folder> }, { segments: [<names>] } or { sync: { destination: <name> } }`;

/**
 * A step is checked against the one form its key selects, not against a union of all forms: a union
 * only reports "invalid input", while this names the unknown key or the bad field inside the step.
 */
const stepSchema = z.unknown().transform((input, ctx): JobStep => {
  const problem = stepShapeProblem(input);
  if (problem) {
    ctx.addIssue({ code: "custom", message: problem, input });
    return z.NEVER;
  }
  if (typeof input === "string") return input as JobStep;
  const key = Object.keys(input as object)[0] as StepKey;
  const parsed = STEP_OBJECTS[key].safeParse(input);
  if (parsed.success) return parsed.data;
  for (const { path, message } of parsed.error.issues) ctx.addIssue({ code: "custom", path, message, input });
  return z.NEVER;
});

/** Why `input` is not one of the step forms at all, or null when its form is known. */
function stepShapeProblem(input: unknown): string | null {
  if (typeof input === "string") {
    return (STEP_WORDS as readonly string[]).includes(input) ? null : `unknown step "${input}"; a step is ${STEP_FORMS}`;
  }
  if (input === null || typeof input !== "object" || Array.isArray(input)) return `a step is ${STEP_FORMS}`;
  const keys = Object.keys(input);
  if (keys.length !== 1) return `a step has exactly one key, got ${keys.length ? keys.map((k) => `"${k}"`).join(", ") : "none"}; a step is ${STEP_FORMS}`;
  return keys[0] in STEP_OBJECTS ? null : `unknown step "${keys[0]}"; a step is ${STEP_FORMS}`;
}

const jobSchema = z
  .object({
    cron: z.string(),
    description: z.string().optional(),
    steps: z.array(stepSchema).min(1, "must list at least one step"),
  })
  .strict();

export type JobConfig = z.infer<typeof jobSchema>;

const JOB_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * Names and cron expressions are checked here rather than on the key and on `cron` themselves, so
 * the message can name the job (a record-key failure only says "Invalid key in record").
 */
export const jobsSchema = z
  .record(z.string(), jobSchema)
  .superRefine((jobs, ctx) => {
    for (const [name, job] of Object.entries(jobs)) {
      if (!JOB_NAME.test(name)) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `job name "${name}" must be lower-case letters, digits and dashes, starting with a letter (e.g. "nightly-build")`,
        });
      }
      const cronProblem = cronExpressionProblem(job.cron);
      if (cronProblem) {
        ctx.addIssue({
          code: "custom",
          path: [name, "cron"],
          message:
            `job "${name}" has an invalid cron expression "${job.cron}" (${cronProblem}); use five fields ` +
            `"minute hour day-of-month month day-of-week", optionally preceded by seconds, e.g. "0 3 * * *" for 03:00 every day`,
        });
      }
    }
  })
  .default({});

export type Jobs = z.infer<typeof jobsSchema>;

function cronExpressionProblem(expression: string): string | null {
  const { valid, errors } = validateDetailed(expression);
  if (valid) return null;
  return errors.map((e) => (e.field === "expression" ? e.message : `bad ${e.field} field "${e.value}"`)).join("; ") || "not a cron expression";
}
