import { UsageError } from "../../src/errors.js";
import type { ModelContext, SqlModel } from "../model.js";
import { ACTIVE_STAGES, CVM_STAGES, cvmStatesSql } from "./cvm-states.js";

/** Whether stages use BG/NBD's P(alive): `on`, or `auto` when mart_clv has been fitted. */
function useProbabilityAlive(ctx: ModelContext): boolean {
  const mode = ctx.params.lifecycle.useProbabilityAlive;
  const fitted = ctx.tables?.has(ctx.ref("mart_clv_params")) ?? false;
  if (mode === "on" && !fitted) {
    throw new UsageError("models.lifecycle.useProbabilityAlive is `on` but mart_clv has not been built: build it first (`npx loyalty build --select +mart_clv`).");
  }
  return mode === "on" || (mode === "auto" && fitted);
}

const states = (dates: string, ctx: ModelContext, withWindowCount = false) =>
  cvmStatesSql(dates, ctx.params.lifecycle, ctx, { withProbabilityAlive: useProbabilityAlive(ctx), withWindowCount });

const active = ACTIVE_STAGES.map((s) => `'${s}'`).join(", ");
/** Practitioners' benchmark for a healthy loyal core, as a share of buying members. */
export const LOYAL_CORE_BENCHMARK = { low: 0.3, high: 0.4 } as const;

export const martCvmStage: SqlModel = {
  kind: "sql",
  name: "mart_cvm_stage",
  description: "Each member's CVM lifecycle stage as of the build date, with the figures behind it.",
  layer: "mart",
  grain: ["member_id"],
  sql: (ctx) => `SELECT * EXCLUDE (as_of) FROM (${states(`SELECT DATE '${ctx.asOf}' AS as_of`, ctx, true)})`,
  tests: [{ kind: "accepted_values", column: "stage", values: CVM_STAGES }],
};

/** Month ends from the first receipt's month to the build date (the build date closes the last month). */
const monthEnds = ({ asOf, ref }: ModelContext) => `SELECT least(last_day(m), DATE '${asOf}') AS as_of
  FROM range((SELECT date_trunc('month', min(receipt_date)) FROM ${ref("fct_receipts")}), DATE '${asOf}' + INTERVAL 1 DAY, INTERVAL 1 MONTH) t(m)`;

export const martCvmMonthly: SqlModel = {
  kind: "sql",
  name: "mart_cvm_monthly",
  description: "Each member's CVM stage at every month end: the stage history that transitions and triggers read.",
  layer: "mart",
  grain: ["member_id", "as_of"],
  sql: (ctx) => `SELECT member_id, as_of, stage FROM (${states(monthEnds(ctx), ctx)})`,
  tests: [{ kind: "accepted_values", column: "stage", values: CVM_STAGES }],
};

export const martCvmHistory: SqlModel = {
  kind: "sql",
  name: "mart_cvm_history",
  description: "Members per CVM stage at each month end, with shares and the loyal-core share against the 30–40% benchmark.",
  layer: "mart",
  grain: ["as_of", "stage"],
  sql: ({ ref }) => `SELECT as_of, stage, count(*) AS members, count(*) / sum(count(*)) OVER (PARTITION BY as_of) AS share,
      sum(count(*)) FILTER (WHERE stage = 'loyal') OVER (PARTITION BY as_of)
        / sum(count(*)) FILTER (WHERE stage IN (${active})) OVER (PARTITION BY as_of) AS loyal_core_share,
      ${LOYAL_CORE_BENCHMARK.low} AS loyal_core_benchmark_low, ${LOYAL_CORE_BENCHMARK.high} AS loyal_core_benchmark_high
    FROM ${ref("mart_cvm_monthly")} GROUP BY as_of, stage`,
};

export const martCvmTransitions: SqlModel = {
  kind: "sql",
  name: "mart_cvm_transitions",
  description: "How many members moved from each stage to each stage between consecutive month ends.",
  layer: "mart",
  grain: ["as_of", "from_stage", "to_stage"],
  // One pass: each month end with the member's previous month end (none in a member's first month).
  sql: ({ ref }) => `SELECT as_of, from_date, coalesce(from_stage, '(not yet a member)') AS from_stage, to_stage, count(*) AS members
    FROM (
      SELECT as_of, lag(as_of) OVER w AS from_date, lag(stage) OVER w AS from_stage, stage AS to_stage
      FROM ${ref("mart_cvm_monthly")} WINDOW w AS (PARTITION BY member_id ORDER BY as_of)
    )
    WHERE as_of > (SELECT min(as_of) FROM ${ref("mart_cvm_monthly")})
    GROUP BY ALL`,
};
