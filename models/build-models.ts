/**
 * Builds models in dependency order, each in its own transaction followed by its data tests, so a
 * model whose tests fail leaves the previous good version of its table in place.
 */
import type { Warehouse } from "../src/db/warehouse.js";
import { sqlString } from "../src/db/warehouse.js";
import { UsageError } from "../src/errors.js";
import type { Model, ModelContext, SqlModel } from "./model.js";
import { runDataTests } from "./data-tests.js";

export interface ModelBuildResult {
  model: string;
  mode: "full" | "incremental";
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
    for (const dep of m.dependsOn) {
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
    for (const m of ordered) if (m.dependsOn.some((d) => picked.has(d))) picked.add(m.name);
  }
  if (selector.startsWith("+")) {
    for (const m of [...ordered].reverse()) if (picked.has(m.name)) m.dependsOn.forEach((d) => picked.add(d));
  }
  return ordered.filter((m) => picked.has(m.name));
}

const MODEL_RUNS_DDL = `CREATE TABLE IF NOT EXISTS model_runs (
  model VARCHAR NOT NULL, built_at TIMESTAMP NOT NULL, as_of DATE NOT NULL, mode VARCHAR NOT NULL,
  rows BIGINT NOT NULL, last_file_id INTEGER NOT NULL, duration_ms BIGINT NOT NULL
)`;

export interface BuildOptions {
  full?: boolean;
  onModel?: (result: ModelBuildResult) => void;
}

export async function buildModels(wh: Warehouse, models: Model[], ctx: ModelContext, options: BuildOptions = {}): Promise<ModelBuildResult[]> {
  await wh.exec(MODEL_RUNS_DDL);
  const { lastFileId } = await wh.one<{ lastFileId: number }>(`SELECT coalesce(max(file_id), 0)::INTEGER AS "lastFileId" FROM load_manifest`);
  const results: ModelBuildResult[] = [];
  for (const model of models) {
    const started = Date.now();
    const tables = await wh.tableNames();
    const since = options.full ? undefined : await incrementalStart(wh, model, tables);
    const modelCtx = { ...ctx, since, tables };
    const result = await wh.transaction(async () => {
      const outcome = model.kind === "code" ? await model.build(wh, modelCtx) : await buildSqlModel(wh, model, modelCtx);
      const tests = await runDataTests(wh, model, modelCtx);
      const { rows } = await wh.one<{ rows: number }>(`SELECT count(*)::BIGINT AS rows FROM ${model.name}`);
      const warning = outcome?.warning ?? (model.warn ? (await wh.one<{ warning: string | null }>(model.warn(modelCtx))).warning ?? undefined : undefined);
      const r: ModelBuildResult = { model: model.name, mode: since ? "incremental" : "full", rows, tests, durationMs: Date.now() - started, warning };
      await wh.exec(`INSERT INTO model_runs VALUES (${sqlString(model.name)}, current_localtimestamp(), ${sqlString(ctx.asOf)}, ${sqlString(r.mode)}, ${rows}, ${lastFileId}, ${r.durationMs})`);
      return r;
    });
    results.push(result);
    options.onModel?.(result);
  }
  return results;
}

async function buildSqlModel(wh: Warehouse, model: SqlModel, ctx: ModelContext): Promise<void> {
  if (model.incremental && ctx.since) {
    await wh.exec(`DELETE FROM ${model.name} WHERE ${model.incremental.dateColumn} >= DATE ${sqlString(ctx.since)};
      INSERT INTO ${model.name} BY NAME ${model.sql(ctx)}`);
  } else {
    await wh.exec(`CREATE OR REPLACE TABLE ${model.name} AS ${model.sql(ctx)}`);
  }
}

/**
 * An incremental model that exists and was built before only needs the days of the receipts loaded
 * since: the earliest day among them. Undefined means a full build.
 */
async function incrementalStart(wh: Warehouse, model: Model, tables: ReadonlySet<string>): Promise<string | undefined> {
  if (model.kind !== "sql" || !model.incremental || !tables.has(model.name)) return undefined;
  const last = await wh.all<{ fileId: number }>(`SELECT last_file_id AS "fileId" FROM model_runs WHERE model = ${sqlString(model.name)} ORDER BY built_at DESC LIMIT 1`);
  if (last.length === 0) return undefined;
  const { since } = await wh.one<{ since: string | null }>(
    `SELECT strftime(min(receipt_at), '%Y-%m-%d') AS since FROM stg_receipts WHERE _file_id > ${last[0].fileId}`,
  );
  // Nothing new: rebuild from the last day, which is cheap and keeps the rule simple.
  return since ?? (await wh.one<{ d: string }>(`SELECT strftime(coalesce(max(receipt_at), DATE '1970-01-01'), '%Y-%m-%d') AS d FROM stg_receipts`)).d;
}

/** The default "as of": the last day with receipts, so a build describes the data it has. */
export async function defaultAsOf(wh: Warehouse): Promise<string> {
  const { day } = await wh.one<{ day: string | null }>(`SELECT strftime(max(receipt_at), '%Y-%m-%d') AS day FROM stg_receipts`);
  if (!day) throw new UsageError("No receipts are loaded, so there is nothing to build. Run `npx loyalty ingest <folder>` first.");
  return day;
}
