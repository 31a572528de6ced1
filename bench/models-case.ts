// One step of the model benchmark in its own process, so its peak memory is its own; prints one JSON line.
import { parseConfig } from "../src/config/config.js";
import { ensureSchema } from "../src/db/ensure-schema.js";
import { withWarehouse } from "../src/db/warehouse.js";
import { ingestPlan, planIngest } from "../ingest/ingest-paths.js";
import { buildModels, defaultAsOf, selectModels } from "../models/build-models.js";
import { MODELS } from "../models/registry.js";

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
      const results = await buildModels(wh, selectModels(MODELS), { asOf: await defaultAsOf(wh), params }, { full: step === "build" });
      detail = Object.fromEntries(results.map((r) => [r.model, r.durationMs]));
      break;
    }
    case "floor": {
      // The same marts as plain statements: no transactions, no data tests, no bookkeeping.
      const ctx = { asOf: await defaultAsOf(wh), params };
      for (const model of selectModels(MODELS)) {
        const t = performance.now();
        const tables = new Set((await wh.all<{ name: string }>("SELECT table_name AS name FROM duckdb_tables() WHERE NOT temporary")).map((r) => r.name));
        if (model.kind === "sql") await wh.exec(`CREATE OR REPLACE TABLE ${model.name} AS ${model.sql({ ...ctx, tables })}`);
        else await model.build(wh, { ...ctx, tables });
        detail[model.name] = Math.round(performance.now() - t);
      }
      break;
    }
    case "clv": {
      const results = await buildModels(wh, selectModels(MODELS, "mart_clv"), { asOf: await defaultAsOf(wh), params });
      detail = { rows: results[0].rows, warning: results[0].warning };
      break;
    }
    default:
      throw new Error(`unknown step ${step}`);
  }
}, { memoryLimit });
process.stdout.write(`${JSON.stringify({ step, ms: Math.round(performance.now() - started), peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), detail })}\n`);
