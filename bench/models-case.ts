// One step of the model benchmark in its own process, so its peak memory is its own; prints one JSON line.
import { parseConfig } from "../src/config/config.js";
import { ensureSchema } from "../src/db/ensure-schema.js";
import { withWarehouse } from "../src/db/warehouse.js";
import { ingestPlan, planIngest } from "../ingest/ingest-paths.js";
import { buildModels, defaultAsOf, selectModels } from "../models/build-models.js";
import { MODELS } from "../models/registry.js";
import { fitBgNbd } from "../models/clv/bg-nbd.js";
import { customerSummariesSql } from "../models/clv/customer-summaries.js";
import { FLOOR_CHECKS, floorStatements } from "./floor-sql.js";
import { CLV_MODELS } from "./clv-models.js";
import { fitGammaGamma } from "../models/clv/gamma-gamma.js";

const [step, warehouse, arg] = process.argv.slice(2);
const params = parseConfig({}).models;
const started = performance.now();
let detail: Record<string, unknown> = {};

// BENCH_MEMORY_LIMIT (e.g. 5GB) caps DuckDB as the config's `memoryLimit` does.
const memoryLimit = process.env.BENCH_MEMORY_LIMIT;
await withWarehouse(warehouse, async (wh) => {
  await ensureSchema(wh);
  switch (step) {
    case "ingest": {
      const results = await ingestPlan(wh, await planIngest([arg], {}), {});
      detail = { files: results.length, rows: results.reduce((s, r) => s + r.loaded, 0) };
      break;
    }
    case "build":
    case "refresh": {
      if (step === "refresh") await ingestPlan(wh, await planIngest([arg], {}), {});
      // the process's peak so far after each model: the model that raised it is the one to look at
      const peakAfter: Record<string, number> = {};
      const onModel = (r: { model: string }) => { peakAfter[r.model] = Math.round(process.resourceUsage().maxRSS / 1024); };
      const results = await buildModels(wh, selectModels(MODELS), { asOf: await defaultAsOf(wh), params }, { full: step === "build", onModel });
      detail = Object.fromEntries(results.map((r) => [r.model, r.durationMs]));
      detail.peakRssMiBAfter = peakAfter;
      break;
    }
    case "floor": {
      // Four core outputs as plain SQL from the metric definitions (bench/floor-sql.ts), on a copy of
      // the built warehouse; then how many rows disagree with the models' marts.
      for (const [name, sql] of Object.entries(floorStatements(await defaultAsOf(wh)))) {
        const t = performance.now();
        await wh.exec(sql);
        detail[name] = Math.round(performance.now() - t);
      }
      const checkStarted = performance.now();
      detail.disagreeing = Object.fromEntries(await Promise.all(Object.entries(FLOOR_CHECKS).map(async ([name, sql]) => [name, (await wh.one<{ n: number }>(sql)).n])));
      // the checks are not part of the floor's time
      detail.checkMs = Math.round(performance.now() - checkStarted);
      break;
    }
    case "clv": {
      // rebuilt even though nothing changed: this step times the model, not the plan
      // the customer-base models: the fits, the scoring and the holdout check
      const clv = MODELS.filter((m) => CLV_MODELS.includes(m.name));
      const results = await buildModels(wh, clv, { asOf: await defaultAsOf(wh), params }, { full: true });
      detail = Object.fromEntries(results.map((r) => [r.model, { ms: r.durationMs, rows: r.rows, warning: r.warning }]));
      break;
    }
    case "clvfit": {
      // The fit alone, step by step: summaries in SQL, distinct rows to JS, BG/NBD, Gamma-Gamma.
      const lap = (() => { let t = performance.now(); return () => { const d = performance.now() - t; t = performance.now(); return Math.round(d); }; })();
      const asOf = await defaultAsOf(wh);
      await wh.exec(`CREATE TEMP TABLE s AS ${customerSummariesSql({ purchases: `SELECT member_id, receipt_date AS day, gross_amount AS value FROM fct_receipts WHERE is_identified AND NOT is_return`, calibrationEnd: asOf, unitDays: 7 })}`);
      detail.summariesMs = lap();
      const rows = await wh.all<{ x: number; tx: number; T: number; count: number }>(`SELECT x, t_x AS tx, "T", count(*)::BIGINT AS count FROM s GROUP BY ALL`);
      detail.distinctRows = rows.length;
      detail.groupMs = lap();
      const bg = fitBgNbd(rows);
      detail.bgnbdFitMs = lap();
      const spend = await wh.all<{ x: number; mbar: number; count: number }>(`SELECT x, round(mbar, 2) AS mbar, count(*)::BIGINT AS count FROM s WHERE x > 0 AND mbar > 0 GROUP BY ALL`);
      detail.spendRows = spend.length;
      lap();
      const gg = fitGammaGamma(spend);
      detail.gammaGammaFitMs = lap();
      detail.params = { r: bg.r, alpha: bg.alpha, a: bg.a, b: bg.b, p: gg.p, q: gg.q, v: gg.v };
      break;
    }
    default:
      throw new Error(`unknown step ${step}`);
  }
}, { memoryLimit });
process.stdout.write(`${JSON.stringify({ step, ms: Math.round(performance.now() - started), peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), detail })}\n`);
