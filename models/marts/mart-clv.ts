/**
 * Customer-base models per member as of the build date: BG/NBD (P(alive), expected purchases over
 * each configured horizon, 30 and 90 days, 52 weeks and 365 days by default) and Gamma-Gamma (expected spend per purchase), giving CLV over the configured
 * horizon with monthly discounting. BG/NBD needs purchase dates only: when the amounts cannot support
 * a spend model (an event log without amounts, or every repeat buyer spending the same), it is
 * published alone, with spend and CLV empty and `spend_status` saying why. Both are fitted by maximum likelihood on the distinct
 * (x, t_x, T) summaries with counts, so a million members cost what the distinct histories do, and
 * scored per distinct (x, T) (the hypergeometric part), then per member in SQL (P(alive) is a closed form).
 *
 * Four models, each writing its own table: mart_clv_summaries summarises every buyer's purchase days
 * once, as of the build date and to the calibration end with the last `holdoutDays` held out;
 * mart_clv_params fits both and keeps the parameters with a new customer's expected purchases over
 * each horizon (the unconditional E[X(t)]); mart_clv scores every member with them; mart_clv_holdout
 * compares the calibration fit's predictions with the purchases held out, by frequency group, for
 * the lifetime-value notebook.
 */
import type { ModelParams } from "../../src/config/model-params.js";
import type { Warehouse } from "../../src/db/warehouse.js";
import { expectedPurchasesIfAlive, expectedPurchasesNewCustomer, fitBgNbd, probabilityAliveSql, type BgNbdParams } from "../clv/bg-nbd.js";
import { compareCalibrationHoldout } from "../clv/calibration-holdout.js";
import { DAYS_PER_MONTH, discountedMonthlyValue } from "../clv/customer-lifetime-value.js";
import { customerSummariesSql } from "../clv/customer-summaries.js";
import { fitGammaGamma } from "../clv/gamma-gamma.js";
import { ModelFitError } from "../clv/model-fit-error.js";
import type { CodeModel, ModelContext, SqlModel } from "../model.js";

/** A horizon of expected purchases as the config names it ("30d", "52w") and its length in days. */
interface Horizon {
  label: string;
  days: number;
}

function horizons(params: ModelParams): Horizon[] {
  return params.clv.horizons
    .map((label) => ({ label, days: Number(label.slice(0, -1)) * (label.endsWith("w") ? 7 : 1) }))
    .sort((x, y) => x.days - y.days);
}

function paramsDdl(hs: Horizon[]): string {
  return `CREATE OR REPLACE TABLE mart_clv_params (as_of DATE, time_unit VARCHAR, status VARCHAR, customers BIGINT, repeat_customers BIGINT,
  r DOUBLE, alpha DOUBLE, a DOUBLE, b DOUBLE, bgnbd_log_likelihood DOUBLE, bgnbd_converged BOOLEAN,
  ${hs.map((h) => `new_customer_purchases_${h.label} DOUBLE`).join(", ")},
  p DOUBLE, q DOUBLE, v DOUBLE, gamma_gamma_log_likelihood DOUBLE, holdout_calibration_end DATE, holdout_status VARCHAR,
  holdout_r DOUBLE, holdout_alpha DOUBLE, holdout_a DOUBLE, holdout_b DOUBLE, spend_status VARCHAR)`;
}

/** mart_clv's columns: the fitted build fills the table, a build that cannot fit leaves it empty. */
function clvDdl(hs: Horizon[]): string {
  return `CREATE OR REPLACE TABLE mart_clv (member_id VARCHAR, x INTEGER, t_x DOUBLE, "T" DOUBLE, mbar DOUBLE, p_alive DOUBLE,
  ${hs.map((h) => `expected_purchases_${h.label} DOUBLE`).join(", ")}, expected_spend DOUBLE, clv DOUBLE)`;
}

const HOLDOUT_DDL = `CREATE OR REPLACE TABLE mart_clv_holdout (frequency_group VARCHAR, customers BIGINT, actual DOUBLE, predicted DOUBLE, calibration_end DATE, holdout_days INTEGER)`;

function unitDays(params: ModelParams): number {
  return params.clv.timeUnit === "weeks" ? 7 : 1;
}

// every purchase day up to the as-of date, so each keeps its number in the member's history
const purchases = ({ asOf, ref }: ModelContext) => `SELECT member_id, day, value, nth FROM ${ref("fct_purchase_days")} WHERE day <= DATE '${asOf}'`;

/** The calibration period of the holdout check ends `holdoutDays` before the build date. */
function calibrationEnd({ asOf, params }: ModelContext): string {
  return new Date(Date.parse(`${asOf}T00:00:00Z`) - params.clv.holdoutDays * 86_400_000).toISOString().slice(0, 10);
}

/** Each member's (x, t_x, T, mbar) as of the build date, and the calibration period's with its held-out purchases. */
const full = ({ ref }: ModelContext) => `SELECT member_id, x, t_x, "T", mbar FROM ${ref("mart_clv_summaries")}`;
const calibration = ({ ref }: ModelContext) => `SELECT calibration_x AS x, calibration_t_x AS t_x, "calibration_T" AS "T", holdout_purchases
  FROM ${ref("mart_clv_summaries")} WHERE calibration_x IS NOT NULL`;

async function fitPurchases(wh: Warehouse, summaries: string): Promise<ReturnType<typeof fitBgNbd>> {
  // in a fixed order: the optimiser's path (and its last digits) must not depend on how threads grouped the rows
  const rows = await wh.all<{ x: number; tx: number; T: number; count: number }>(`SELECT x, t_x AS tx, "T", count(*)::BIGINT AS count FROM (${summaries}) GROUP BY ALL ORDER BY ALL`);
  return fitBgNbd(rows);
}

/**
 * Per distinct (x, T): expected purchases if alive over each horizon, and discounted over the CLV
 * horizon month by month (a sum of differences of the same function, so P(alive) factors out).
 */
async function scoreDistinctHistories(wh: Warehouse, bg: BgNbdParams, ctx: ModelContext): Promise<void> {
  const days = unitDays(ctx.params);
  const hs = horizons(ctx.params);
  const distinct = await wh.all<{ x: number; T: number }>(`SELECT DISTINCT x, "T" FROM (${full(ctx)})`);
  const lifetime = { months: ctx.params.clv.horizonMonths, monthlyDiscountRate: ctx.params.clv.monthlyDiscountRate, unitsPerMonth: DAYS_PER_MONTH / days };
  const scores = distinct.map(({ x, T }) => ({
    x, T,
    ...Object.fromEntries(hs.map((h) => [`if_alive_${h.label}`, expectedPurchasesIfAlive(bg, h.days / days, x, T)])),
    discounted_if_alive: discountedMonthlyValue((t) => expectedPurchasesIfAlive(bg, t, x, T), 1, lifetime),
  }));
  await wh.exec(`CREATE OR REPLACE TEMP TABLE clv_scores (x INTEGER, "T" DOUBLE, ${hs.map((h) => `if_alive_${h.label} DOUBLE`).join(", ")}, discounted_if_alive DOUBLE)`);
  await wh.insert("clv_scores", scores);
}

/** The calibration fit behind the holdout check, or why there is none. */
async function calibrationFit(wh: Warehouse, ctx: ModelContext): Promise<{ status: string; fit?: BgNbdParams }> {
  try {
    return { status: "ok", fit: await fitPurchases(wh, calibration(ctx)) };
  } catch (err) {
    // The check is a diagnosis, not the model: a calibration period too short to fit is reported, not fatal.
    if (err instanceof ModelFitError) return { status: `not available: ${err.message}` };
    throw err;
  }
}

/** Gamma-Gamma on the repeat buyers' average spend, or why it cannot be fitted (no amounts, or the same spend everywhere). */
async function fitSpend(wh: Warehouse, ctx: ModelContext): Promise<ReturnType<typeof fitGammaGamma> | { error: string }> {
  const spendRows = await wh.all<{ x: number; mbar: number; count: number }>(
    `SELECT x, round(mbar, 2) AS mbar, count(*)::BIGINT AS count FROM (${full(ctx)}) WHERE x > 0 AND mbar > 0 GROUP BY ALL ORDER BY ALL`,
  );
  try {
    return fitGammaGamma(spendRows);
  } catch (err) {
    if (!(err instanceof ModelFitError)) throw err;
    const { priced } = await wh.one<{ priced: number }>(`SELECT count(*) FILTER (WHERE mbar IS NOT NULL AND mbar > 0)::BIGINT AS priced FROM (${full(ctx)}) WHERE x > 0`);
    return { error: priced === 0 ? "the purchases have no amounts" : err.message };
  }
}

/** The fit as mart_clv_params keeps it (one row). */
interface ClvParamsRow {
  status: string;
  r: number | null;
  alpha: number | null;
  a: number | null;
  b: number | null;
  p: number | null;
  q: number | null;
  v: number | null;
  spend_status: string | null;
  holdout_status: string | null;
  holdout_calibration_end: string | null;
  holdout_r: number | null;
  holdout_alpha: number | null;
  holdout_a: number | null;
  holdout_b: number | null;
}

async function clvParams(wh: Warehouse, ctx: ModelContext): Promise<ClvParamsRow> {
  return wh.one<ClvParamsRow>(`SELECT status, r, alpha, a, b, p, q, v, spend_status, holdout_status,
    strftime(holdout_calibration_end, '%Y-%m-%d') AS holdout_calibration_end, holdout_r, holdout_alpha, holdout_a, holdout_b FROM ${ctx.ref("mart_clv_params")}`);
}

export const martClvSummaries: SqlModel = {
  kind: "sql",
  name: "mart_clv_summaries",
  description: "Each buyer's history as BG/NBD and Gamma-Gamma read it: x, t_x, T and mbar as of the build date, and the same to the holdout check's calibration end with the purchases of the held-out days.",
  layer: "mart",
  grain: ["member_id"],
  // the customer-base models read these once, instead of each summarising the purchase days again
  sql: (ctx) => {
    const unit = unitDays(ctx.params);
    const asOfDate = customerSummariesSql({ purchases: purchases(ctx), daily: true, calibrationEnd: ctx.asOf, unitDays: unit });
    const calibrated = customerSummariesSql({ purchases: purchases(ctx), daily: true, calibrationEnd: calibrationEnd(ctx), holdoutEnd: ctx.asOf, unitDays: unit });
    return `SELECT f.member_id, f.x, f.t_x, f."T", f.mbar,
        c.x AS calibration_x, c.t_x AS calibration_t_x, c."T" AS "calibration_T", c.holdout_purchases
      FROM (${asOfDate}) f LEFT JOIN (${calibrated}) c USING (member_id)`;
  },
};

export const martClvParams: CodeModel = {
  kind: "code",
  name: "mart_clv_params",
  description: "The BG/NBD and Gamma-Gamma fits as of the build date (or why there is none), a new customer's expected purchases per horizon, and the calibration fit behind the holdout check.",
  layer: "mart",
  grain: ["as_of"],
  reads: (ctx) => [full(ctx), calibration(ctx)],
  build: async (wh, ctx) => {
    const hs = horizons(ctx.params);
    await wh.exec(paramsDdl(hs));
    let bg: ReturnType<typeof fitBgNbd>;
    try {
      bg = await fitPurchases(wh, full(ctx));
    } catch (err) {
      if (!(err instanceof ModelFitError)) throw err;
      // The data cannot support a fit: the reason is recorded, and mart_clv says it.
      await wh.insert("mart_clv_params", [{ as_of: ctx.asOf, time_unit: ctx.params.clv.timeUnit, status: `not fitted: ${err.message}` }]);
      return;
    }
    const gg = await fitSpend(wh, ctx);
    const holdout = await calibrationFit(wh, ctx);
    const { customers, repeaters } = await wh.one<{ customers: number; repeaters: number }>(
      `SELECT count(*)::BIGINT AS customers, count(*) FILTER (WHERE x > 0)::BIGINT AS repeaters FROM (${full(ctx)})`,
    );
    await wh.insert("mart_clv_params", [{
      as_of: ctx.asOf, time_unit: ctx.params.clv.timeUnit, status: "fitted", customers, repeat_customers: repeaters,
      r: bg.r, alpha: bg.alpha, a: bg.a, b: bg.b, bgnbd_log_likelihood: bg.logLikelihood, bgnbd_converged: bg.converged,
      ...Object.fromEntries(hs.map((h) => [`new_customer_purchases_${h.label}`, expectedPurchasesNewCustomer(bg, h.days / unitDays(ctx.params))])),
      ...("error" in gg ? { spend_status: `not fitted: ${gg.error}` } : { p: gg.p, q: gg.q, v: gg.v, gamma_gamma_log_likelihood: gg.logLikelihood, spend_status: "fitted" }),
      holdout_calibration_end: calibrationEnd(ctx), holdout_status: holdout.status,
      ...(holdout.fit ? { holdout_r: holdout.fit.r, holdout_alpha: holdout.fit.alpha, holdout_a: holdout.fit.a, holdout_b: holdout.fit.b } : {}),
    }]);
  },
  tests: [{ kind: "not_null", columns: ["status"] }],
};

export const martClv: CodeModel = {
  kind: "code",
  name: "mart_clv",
  description: "Per member: x, t_x, T, P(alive), expected purchases over each horizon (30d, 90d, 52w, 365d by default), expected spend, CLV (BG/NBD + Gamma-Gamma).",
  layer: "mart",
  grain: ["member_id"],
  reads: (ctx) => [full(ctx), ctx.ref("mart_clv_params")],
  build: async (wh, ctx) => {
    const hs = horizons(ctx.params);
    await wh.exec(clvDdl(hs));
    const fit = await clvParams(wh, ctx);
    // the data cannot support a fit: the table exists, empty, and the reason is shown
    if (fit.status !== "fitted") return { warning: fit.status.replace(/^not fitted: /, "") };
    const bg = { r: fit.r!, alpha: fit.alpha!, a: fit.a!, b: fit.b! };
    await scoreDistinctHistories(wh, bg, ctx);
    const spend = fit.spend_status === "fitted" ? `${fit.p}::DOUBLE * (${fit.v}::DOUBLE + s.x * s.mbar) / (${fit.p}::DOUBLE * s.x + ${fit.q}::DOUBLE - 1)` : "NULL::DOUBLE";
    await wh.exec(`INSERT INTO mart_clv BY NAME
      SELECT s.member_id, s.x, s.t_x, s."T", s.mbar, s.p_alive, ${hs.map((h) => `c.if_alive_${h.label} * s.p_alive AS expected_purchases_${h.label}`).join(", ")},
        ${spend} AS expected_spend, ${spend} * c.discounted_if_alive * s.p_alive AS clv
      FROM (SELECT *, ${probabilityAliveSql(bg)} AS p_alive FROM (${full(ctx)})) s JOIN clv_scores c ON c.x = s.x AND c."T" = s."T"`);
    if (fit.spend_status !== "fitted") return { warning: `spend per purchase and CLV are empty (BG/NBD is fitted): ${fit.spend_status?.replace(/^not fitted: /, "")}` };
  },
  tests: [
    {
      kind: "expression",
      name: "P(alive) is a probability, CLV is not negative, expected purchases grow with the horizon",
      failingRows: (ctx) => {
        const hs = horizons(ctx.params);
        return `SELECT member_id FROM mart_clv WHERE NOT (p_alive BETWEEN 0 AND 1) OR clv < 0
          OR expected_purchases_${hs[0].label} > expected_purchases_${hs[hs.length - 1].label}`;
      },
    },
  ],
};

export const martClvHoldout: CodeModel = {
  kind: "code",
  name: "mart_clv_holdout",
  description: "The calibration/holdout check: purchases predicted by the calibration fit against those made in the held-out days, by frequency group.",
  layer: "mart",
  grain: ["frequency_group"],
  reads: (ctx) => [calibration(ctx), ctx.ref("mart_clv_params")],
  build: async (wh, ctx) => {
    await wh.exec(HOLDOUT_DDL);
    const fit = await clvParams(wh, ctx);
    if (fit.holdout_status !== "ok" || !fit.holdout_calibration_end) return;
    const customers = await wh.all<{ x: number; tx: number; T: number; holdoutPurchases: number }>(
      `SELECT x, t_x AS tx, "T", holdout_purchases AS "holdoutPurchases" FROM (${calibration(ctx)}) ORDER BY ALL`,
    );
    const calibrationFit = { r: fit.holdout_r!, alpha: fit.holdout_alpha!, a: fit.holdout_a!, b: fit.holdout_b! };
    const rows = compareCalibrationHoldout(calibrationFit, customers, ctx.params.clv.holdoutDays / unitDays(ctx.params));
    await wh.insert("mart_clv_holdout", rows.map((r) => ({ frequency_group: r.group, customers: r.customers, actual: r.actual, predicted: r.predicted, calibration_end: fit.holdout_calibration_end, holdout_days: ctx.params.clv.holdoutDays })));
  },
};
