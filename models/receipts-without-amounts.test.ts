/**
 * An event log of purchases without amounts (an app's or a web analytics' export) is a receipts
 * feed with `total` left empty. Models that need only the dates still run on it (frequency,
 * recency, cohorts, BG/NBD); money figures stay empty rather than zero, and the build says why.
 *
 * The log is the CDNOW sample (test/fixtures/cdnow) with its dollar column left out: BG/NBD fitted by
 * the warehouse's own mart on the calibration period (to 1997-09-30, in weeks) must give the
 * published estimates (Fader, Hardie & Lee 2005): r = 0.2426, α = 4.4136, a = 0.7929, b = 2.4259,
 * over 2,357 customers of whom 946 bought again.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFile } from "../ingest/load-file.js";
import { mappingProfileSchema } from "../ingest/mapping-profile.js";
import { parseConfig } from "../src/config/config.js";
import type { Warehouse } from "../src/db/warehouse.js";
import { CDNOW_LOG } from "../test/fixtures/cdnow/cdnow-files.js";
import { tempWarehouse } from "../test/helpers/temp-warehouse.js";
import { buildModels, selectModels, type ModelBuildResult } from "./build-models.js";
import { MODELS } from "./registry.js";

/** The CDNOW log as a receipts feed: customer as the card, the date, one receipt per line; no amounts unless given. */
async function loadCdnowLog(wh: Warehouse, constants: Record<string, string | number> = {}): Promise<void> {
  const profile = mappingProfileSchema.parse({
    feed: "receipts", delimiter: "whitespace", header: false,
    columns: { card_number: 2, receipt_at: 3, receipt_id: "$line" }, constants: { store_id: "CDNOW", ...constants },
  });
  await loadFile(wh, CDNOW_LOG, { profile });
}

let t: Awaited<ReturnType<typeof tempWarehouse>>;
let results: ModelBuildResult[];
/** The log's purchases, counted from the file itself: all of them, and those in the calibration period. */
const logLines = readFileSync(CDNOW_LOG, "utf8").trim().split("\n").map((l) => l.trim().split(/\s+/));
const inCalibration = logLines.filter(([, , date]) => date <= "19970930").length;

beforeAll(async () => {
  t = await tempWarehouse();
  await loadCdnowLog(t.wh);
  results = await buildModels(t.wh, selectModels(MODELS), { asOf: "1997-09-30", params: parseConfig({ models: { clv: { timeUnit: "weeks", horizons: ["30d", "90d", "32w", "78w"] } } }).models }, { full: true });
});
afterAll(() => t.cleanup());

describe("a receipts feed without amounts (the CDNOW log without its dollars)", () => {
  it("builds every model, and the build says which figures leave the receipts out", () => {
    expect(logLines).toHaveLength(6919);
    expect(results).toHaveLength(MODELS.length);
    expect(results.find((r) => r.model === "fct_receipts")?.warning).toBe(
      "6919 of 6919 receipts have no amount: they count as purchases (frequency, recency, cohorts, BG/NBD), but revenue, average check, monetary value and CLV leave them out",
    );
    expect(results.find((r) => r.model === "mart_clv")?.warning).toBe("spend per purchase and CLV are empty (BG/NBD is fitted): the purchases have no amounts");
  });

  it("counts receipts and buyers, and leaves revenue and the average check empty rather than zero", async () => {
    expect(await t.wh.one(`SELECT sum(receipts)::INT AS receipts, sum(revenue) AS revenue, max(avg_check) AS avg_check
      FROM mart_kpi WHERE grain = 'month' AND scope = 'chain' AND audience = 'all' AND period_start <= DATE '1997-09-30'`)).toEqual({ receipts: inCalibration, revenue: null, avg_check: null });
    expect(await t.wh.one("SELECT sum(cohort_size)::INT AS members, max(revenue) AS revenue FROM mart_cohort_retention WHERE cohort_type = 'first_purchase' AND months_since = 0")).toEqual({
      members: 2357, revenue: null,
    });
  });

  it("fits BG/NBD on the purchase dates alone to the published estimates; spend and CLV stay empty", async () => {
    const params = await t.wh.one<Record<string, number | string>>("SELECT status, spend_status, customers::INT AS customers, repeat_customers::INT AS repeaters, r, alpha, a, b FROM mart_clv_params");
    expect(params).toMatchObject({ status: "fitted", spend_status: "not fitted: the purchases have no amounts", customers: 2357, repeaters: 946 });
    expect(params.r).toBeCloseTo(0.2426, 3);
    expect(params.alpha).toBeCloseTo(4.4136, 3);
    expect(params.a).toBeCloseTo(0.7929, 3);
    expect(params.b).toBeCloseTo(2.4259, 3);
    expect(await t.wh.one(`SELECT count(*)::INT AS n, count(p_alive)::INT AS p_alive, count(expected_purchases_90d)::INT AS expected,
      count(expected_spend)::INT AS spend, count(clv)::INT AS clv FROM mart_clv`)).toEqual({ n: 2357, p_alive: 2357, expected: 2357, spend: 0, clv: 0 });
  });

  it("keeps a new customer's expected purchases (unconditional E[X(t)]) at the configured horizons: the published 1.0437 in 32 weeks, 1.8576 in 78", async () => {
    const p = await t.wh.one<Record<string, number>>("SELECT new_customer_purchases_30d AS d30, new_customer_purchases_32w AS w32, new_customer_purchases_78w AS w78 FROM mart_clv_params");
    // The fit matches the published estimates to about 1e-3, so E[X(t)] does to a few thousandths.
    expect(Math.abs(p.w32 - 1.0437)).toBeLessThan(2e-3);
    expect(Math.abs(p.w78 - 1.8576)).toBeLessThan(3e-3);
    expect(p.d30).toBeLessThan(p.w32);
    expect(await t.wh.one("SELECT count(expected_purchases_32w)::INT AS w32, count(expected_purchases_78w)::INT AS w78 FROM mart_clv")).toEqual({ w32: 2357, w78: 2357 });
  });

  it("scores recency and frequency without monetary values", async () => {
    expect(await t.wh.one("SELECT count(*)::INT AS n, count(recency_days)::INT AS recency, count(frequency)::INT AS frequency FROM mart_rfm")).toEqual({ n: 2357, recency: 2357, frequency: 2357 });
  });
});

describe("the calibration fit behind the holdout check", () => {
  let h: Awaited<ReturnType<typeof tempWarehouse>>;
  beforeAll(async () => {
    h = await tempWarehouse();
    await loadCdnowLog(h.wh);
    // The whole log (to 1998-06-30) with the last 273 days held out: the calibration period is the
    // paper's, to 1997-09-30.
    const params = parseConfig({ models: { clv: { timeUnit: "weeks", holdoutDays: 273 } } }).models;
    await buildModels(h.wh, selectModels(MODELS, "+mart_clv"), { asOf: "1998-06-30", params }, { full: true });
  });
  afterAll(() => h.cleanup());

  it("is stored beside the model's own fit: the published estimates for the paper's calibration period", async () => {
    const p = await h.wh.one<Record<string, number | string>>(
      "SELECT strftime(holdout_calibration_end, '%Y-%m-%d') AS calibration_end, holdout_status, holdout_r, holdout_alpha, holdout_a, holdout_b, r FROM mart_clv_params",
    );
    expect(p).toMatchObject({ calibration_end: "1997-09-30", holdout_status: "ok" });
    expect(p.holdout_r).toBeCloseTo(0.2426, 3);
    expect(p.holdout_alpha).toBeCloseTo(4.4136, 3);
    expect(p.holdout_a).toBeCloseTo(0.7929, 3);
    expect(p.holdout_b).toBeCloseTo(2.4259, 3);
    expect(p.r).not.toBeCloseTo(0.2426, 3); // the model itself is fitted on all 78 weeks
  });
});

describe("purchases that all cost the same (a flat-price service)", () => {
  let flat: Awaited<ReturnType<typeof tempWarehouse>>;
  let built: ModelBuildResult[];
  beforeAll(async () => {
    flat = await tempWarehouse();
    await loadCdnowLog(flat.wh, { total: 10 });
    const params = parseConfig({ models: { clv: { timeUnit: "weeks" } } }).models;
    built = await buildModels(flat.wh, selectModels(MODELS, "+mart_clv"), { asOf: "1997-09-30", params }, { full: true });
  });
  afterAll(() => flat.cleanup());

  it("keep the BG/NBD fit (the published estimates) and publish it without Gamma-Gamma, saying why", async () => {
    const p = await flat.wh.one<Record<string, number | string>>("SELECT status, spend_status, r, a FROM mart_clv_params");
    expect(p.status).toBe("fitted");
    expect(p.spend_status).toMatch(/^not fitted: /);
    expect(p.r).toBeCloseTo(0.2426, 3);
    expect(p.a).toBeCloseTo(0.7929, 3);
    expect(built.find((r) => r.model === "mart_clv")?.warning).toMatch(/^spend per purchase and CLV are empty \(BG\/NBD is fitted\): /);
    expect(await flat.wh.one("SELECT count(*)::INT AS n, count(p_alive)::INT AS p_alive, count(expected_purchases_52w)::INT AS expected, count(clv)::INT AS clv FROM mart_clv")).toEqual({
      n: 2357, p_alive: 2357, expected: 2357, clv: 0,
    });
  });
});
