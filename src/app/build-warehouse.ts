/** Builds the models in dependency order, or plans what a build would do: `loyalty build`, a job's build step and `npm start`. */
import { buildModels, defaultAsOf, selectModels, type ModelBuildResult } from "../../models/build-models.js";
import { planBuild, type PlannedModel } from "../../models/build-plan.js";
import { MODELS } from "../../models/registry.js";
import type { Config } from "../config/config.js";
import { ensureSchema } from "../db/ensure-schema.js";
import type { Warehouse } from "../db/warehouse.js";
import type { AppEvents } from "./app-events.js";
import { withConfiguredWarehouse } from "./configured-warehouse.js";

export interface BuildOptions {
  /** One model; `model+` adds everything downstream, `+model` everything upstream. */
  select?: string;
  /** The date the models describe, YYYY-MM-DD (default: the last day with receipts). */
  asOf?: string;
  /** Rebuild every model from scratch, whatever changed. */
  full?: boolean;
}

export interface BuildResult {
  asOf: string;
  models: ModelBuildResult[];
  memoryLimit: string;
  elapsedMs: number;
}

export interface BuildPlanResult {
  asOf: string;
  plan: PlannedModel[];
}

export async function buildWarehouse(config: Config, options: BuildOptions, events: AppEvents): Promise<BuildResult> {
  const { progress } = events;
  const models = selectModels(MODELS, options.select);
  const started = Date.now();
  return withConfiguredWarehouse(config, async (wh) => {
    const asOf = await buildDate(wh, options.asOf, events);
    events.notice(`Building ${models.length} model(s) as of ${asOf}`);
    progress.start(models.length, models[0]?.name ?? "");
    let built = 0;
    const results = await buildModels(wh, models, { asOf, params: config.models }, {
      full: options.full,
      onModel: (r) => {
        progress.update(++built, r.model);
        events.event("model", r);
      },
    });
    progress.stop();
    return { asOf, models: results, memoryLimit: await wh.memoryLimit(), elapsedMs: Date.now() - started };
  });
}

/** What a build with these options would rebuild and why; builds nothing. */
export async function planWarehouseBuild(config: Config, options: BuildOptions, events: AppEvents): Promise<BuildPlanResult> {
  const models = selectModels(MODELS, options.select);
  return withConfiguredWarehouse(config, async (wh) => {
    const asOf = await buildDate(wh, options.asOf, events);
    const plan = await planBuild(wh, models, { asOf, params: config.models }, { full: options.full });
    events.event("plan", plan.map((p) => ({ model: p.model.name, action: p.action, reasons: p.reasons, lastBuiltAt: p.last?.builtAt ?? null })));
    return { asOf, plan };
  });
}

/** The date asked for, or the last day of receipts; a date after that day is built, with a warning of what it means. */
async function buildDate(wh: Warehouse, asked: string | undefined, events: AppEvents): Promise<string> {
  await ensureSchema(wh);
  const lastDay = await defaultAsOf(wh);
  const asOf = asked ?? lastDay;
  if (asOf > lastDay) {
    events.warning(`--as-of ${asOf} is after the last day of receipts (${lastDay}): the models will read the days between as days without purchases (recency grows, members drift towards churn).`);
  }
  return asOf;
}
