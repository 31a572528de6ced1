/**
 * Builds models in dependency order, each in its own transaction followed by its data tests, so a
 * model whose tests fail leaves the previous good version of its table in place. What each model
 * needs (full, incremental, nothing) comes from build-plan.ts.
 */
import type { Warehouse } from "../src/db/warehouse.js";
import { db, now } from "../src/db/query-builder.js";
import { modelRuns } from "../src/db/tables/model-runs.js";
import { tableDdl } from "../src/db/tables/table.js";
import { quoteIdent } from "../src/db/warehouse.js";
import { UsageError } from "../src/errors.js";
import type { BuildContext, Model, ModelContext, SqlModel } from "./model.js";
import { inputsOf } from "./model-inputs.js";
import { runDataTests } from "./data-tests.js";
import { definitionOf, inputStates, knownModels, lastBuilds, modelContext, planBuild, type BuildAction, type PlannedModel, type PlanOptions } from "./build-plan.js";

export interface ModelBuildResult {
  model: string;
  mode: BuildAction;
  /** Why it was built so (or left alone): "stg_cards changed", "as of 2026-10-31 (built as of 2026-10-30)", … */
  reasons: string[];
  /** For an incremental build: how many keys (e.g. receipts) were rebuilt. */
  changedRows?: number;
  /** The most DuckDB held in temporary files at once while building it (it did not fit in memory). */
  spilledBytes?: number;
  rows: number;
  tests: number;
  durationMs: number;
  /** Why a model came out empty or partial (e.g. the data cannot support a fit, receipts without amounts). */
  warning?: string;
}

/** Models in an order where every model comes after the models it reads. */
export function dependencyOrder(models: Model[]): Model[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const ordered: Model[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (m: Model, path: string[]) => {
    if (state.get(m.name) === "done") return;
    if (state.get(m.name) === "visiting") throw new Error(`model dependency cycle: ${[...path, m.name].join(" → ")}`);
    state.set(m.name, "visiting");
    for (const dep of inputsOf(m)) {
      const upstream = byName.get(dep);
      if (upstream) visit(upstream, [...path, m.name]);
    }
    state.set(m.name, "done");
    ordered.push(m);
  };
  for (const m of models) visit(m, []);
  return ordered;
}

/**
 * `name` builds one model, `name+` the model and everything downstream of it, `+name` the model
 * and everything it depends on.
 */
export function selectModels(models: Model[], selector?: string): Model[] {
  const ordered = dependencyOrder(models);
  if (!selector) return ordered;
  const name = selector.replace(/^\+|\+$/g, "");
  if (!models.some((m) => m.name === name)) {
    throw new UsageError(`--select ${selector}: no model ${name}. Models: ${ordered.map((m) => m.name).join(", ")}`);
  }
  const picked = new Set([name]);
  if (selector.endsWith("+")) {
    for (const m of ordered) if (inputsOf(m).some((d) => picked.has(d))) picked.add(m.name);
  }
  if (selector.startsWith("+")) {
    for (const m of [...ordered].reverse()) if (picked.has(m.name)) inputsOf(m).forEach((d) => picked.add(d));
  }
  return ordered.filter((m) => picked.has(m.name));
}

export interface BuildOptions extends PlanOptions {
  onModel?: (result: ModelBuildResult) => void;
}

/**
 * Builds what the plan says: each model in full, incrementally (the rows its inputs' changes touch)
 * or not at all when nothing it is made from changed since its last build.
 */
export async function buildModels(wh: Warehouse, models: Model[], ctx: BuildContext, options: BuildOptions = {}): Promise<ModelBuildResult[]> {
  await wh.exec(tableDdl(modelRuns));
  const [{ lastFileId }] = await wh.query(db.selectFrom("load_manifest").select((eb) => eb.fn.coalesce(eb.fn.max("file_id"), eb.lit(0)).as("lastFileId")));
  const modelNames = knownModels(models, await lastBuilds(wh));
  const plan = await planBuild(wh, models, ctx, options);
  // incremental models whose changes a model downstream follows in this build
  const incremental = plan.filter((s) => s.action === "incremental");
  const followed = new Set(incremental.flatMap((s) => s.changedInputs).filter((input) => incremental.some((s) => s.model.name === input)));
  const results: ModelBuildResult[] = [];
  try {
    for (const step of plan) {
      const result = step.action === "unchanged" ? await unchanged(wh, step) : await buildOne(wh, step, ctx, lastFileId, modelNames, followed.has(step.model.name));
      results.push(result);
      options.onModel?.(result);
    }
    return results;
  } finally {
    for (const model of followed) await wh.exec(Object.values(changesOf(model)).map((t) => `DROP TABLE IF EXISTS ${t};`).join("\n"));
  }
}

async function unchanged(wh: Warehouse, step: PlannedModel): Promise<ModelBuildResult> {
  const { rows } = await wh.one<{ rows: number }>(`SELECT count(*)::BIGINT AS rows FROM ${step.model.name}`);
  return { model: step.model.name, mode: "unchanged", rows, tests: 0, durationMs: 0, reasons: step.reasons };
}

async function buildOne(wh: Warehouse, step: PlannedModel, ctx: BuildContext, lastFileId: number, models: ReadonlySet<string>, followed: boolean): Promise<ModelBuildResult> {
  const { model } = step;
  const started = Date.now();
  const modelCtx = modelContext(model, { ...ctx, tables: await wh.tableNames() });
  const changed = step.action === "incremental" ? await changedKeys(wh, model as SqlModel, step, modelCtx) : undefined;
  const { result, spilledBytes } = await wh.watchSpill(() => wh.transaction(async () => {
    const outcome =
      model.kind === "code" ? await model.build(wh, modelCtx) : await buildSqlModel(wh, model, { ...modelCtx, changed: changed?.table }, followed);
    const tests = await runDataTests(wh, model, { ...modelCtx, changed: changed?.table });
    const { rows } = await wh.one<{ rows: number }>(`SELECT count(*)::BIGINT AS rows FROM ${model.name}`);
    const warning = outcome?.warning ?? (model.warn ? (await wh.one<{ warning: string | null }>(model.warn(modelCtx))).warning ?? undefined : undefined);
    const mode = step.action === "incremental" ? "incremental" : "full";
    const r: ModelBuildResult = {
      model: model.name, mode, rows, tests,
      durationMs: Date.now() - started, warning, reasons: step.reasons, changedRows: changed?.count,
    };
    const inputs = await inputStates(wh, inputsOf(model), models);
    await wh.execute(
      db.insertInto("model_runs").values((eb) => ({
        model: model.name, built_at: now, as_of: ctx.asOf, mode, rows,
        last_file_id: lastFileId, duration_ms: r.durationMs,
        run_id: eb.selectFrom("model_runs").select((s) => s(s.fn.coalesce(s.fn.max("run_id"), s.lit(0)), "+", 1).as("next")),
        definition: definitionOf(model, modelCtx), inputs: JSON.stringify(inputs),
      })),
    );
    return r;
  }));
  return spilledBytes > 0 ? { ...result, spilledBytes } : result;
}

/** The keys of the rows the changed inputs touch, in a temp table (made before the model's transaction). */
async function changedKeys(wh: Warehouse, model: SqlModel, step: PlannedModel, refs: ModelContext): Promise<{ table: string; count: number }> {
  const rules = model.incremental!;
  const after = step.last!.lastFileId;
  const keys = rules.key.map(quoteIdent).join(", ");
  const table = "changed_keys";
  const selects = step.changedInputs.map((input) => `SELECT ${keys} FROM (${rules.touchedBy[input]({ afterFileId: after, ...changesOf(input), ref: refs.ref, source: refs.source })})`);
  await wh.exec(`CREATE OR REPLACE TEMP TABLE ${table} AS SELECT DISTINCT * FROM (${selects.join(" UNION ALL ")})`);
  const { count } = await wh.one<{ count: number }>(`SELECT count(*)::BIGINT AS count FROM ${table}`);
  return { table, count };
}

/** Where an incremental model leaves what it rebuilt, for the rules of the models downstream (temp tables, this build only). */
function changesOf(model: string): { removed: string; rebuiltKeys: string } {
  return { removed: `removed__${model}`, rebuiltKeys: `rebuilt__${model}` };
}

/** `followed`: a model downstream refreshes from this one's changes, so they are kept for it. */
async function buildSqlModel(wh: Warehouse, model: SqlModel, ctx: ModelContext, followed: boolean): Promise<void> {
  if (ctx.changed) {
    const keys = model.incremental!.key.map(quoteIdent).join(", ");
    const match = model.incremental!.key.map((k) => `m.${quoteIdent(k)} = k.${quoteIdent(k)}`).join(" AND ");
    const { removed, rebuiltKeys } = changesOf(model.name);
    const keep = followed
      ? `CREATE OR REPLACE TEMP TABLE ${removed} AS SELECT m.* FROM ${model.name} m SEMI JOIN ${ctx.changed} USING (${keys});
      CREATE OR REPLACE TEMP TABLE ${rebuiltKeys} AS SELECT * FROM ${ctx.changed};`
      : "";
    await wh.exec(`${keep}
      DELETE FROM ${model.name} m USING ${ctx.changed} k WHERE ${match};
      INSERT INTO ${model.name} BY NAME ${model.sql(ctx)}`);
  } else {
    await wh.exec(`CREATE OR REPLACE ${model.materialized === "view" ? "VIEW" : "TABLE"} ${model.name} AS ${model.sql(ctx)}`);
  }
}

/** The default "as of": the last day with receipts, so a build describes the data it has. */
export async function defaultAsOf(wh: Warehouse): Promise<string> {
  const { day } = await wh.one<{ day: string | null }>(`SELECT strftime(max(receipt_at), '%Y-%m-%d') AS day FROM stg_receipts`);
  if (!day) throw new UsageError("No receipts are loaded, so there is nothing to build. Run `npx loyalty ingest <folder>` first.");
  return day;
}
