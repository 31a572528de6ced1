/**
 * What a build will do with each model, and why: rebuild it in full, refresh only the rows its
 * inputs' changes touch, or leave it as it is. The same plan drives `build`, `build --dry-run` and
 * the models part of `status`.
 *
 * A model is left alone only when nothing it is made from moved since its last build: its
 * definition (its SQL with this build's date and settings, or for a model computed in code the date,
 * settings and version) and every input it declares (a staging table's row count and newest file,
 * an upstream model's last build, another table's content hash).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { db } from "../src/db/query-builder.js";
import { modelRuns } from "../src/db/tables/model-runs.js";
import { tableDdl } from "../src/db/tables/table.js";
import type { Warehouse } from "../src/db/warehouse.js";
import { quoteIdent, sqlString } from "../src/db/warehouse.js";
import type { BuildContext, Model, ModelContext } from "./model.js";
import { inputKindsOf, inputsOf } from "./model-inputs.js";
import { checkedRefs } from "./table-refs.js";

export type BuildAction = "full" | "incremental" | "unchanged";

export interface LastBuild {
  runId: number;
  builtAt: string;
  asOf: string;
  lastFileId: number;
  definition: string | null;
  inputs: Record<string, string>;
}

export interface PlannedModel {
  model: Model;
  action: BuildAction;
  /** Why, in words (status and --dry-run show them): "never built", "stg_cards changed", … */
  reasons: string[];
  /** Inputs whose changes an incremental refresh takes in. */
  changedInputs: string[];
  last?: LastBuild;
}

const VERSION: string = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;

/** The context a model's definition is read in: the build's, with refs checked against the model's inputs. */
export function modelContext(model: Model, ctx: BuildContext): ModelContext {
  return { ...ctx, ...checkedRefs(model.name, inputKindsOf(model)) };
}

/** What the model is made of apart from its inputs; a change means a full rebuild. */
export function definitionOf(model: Model, ctx: ModelContext): string {
  const text =
    model.kind === "sql"
      ? model.sql({ ...ctx, changed: undefined })
      : JSON.stringify({ code: model.name, version: VERSION, asOf: ctx.asOf, params: ctx.params, inputs: inputsOf(model).filter((t) => ctx.tables?.has(t)).sort() });
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** Each input's state now, comparable with what a build recorded. */
export async function inputStates(wh: Warehouse, names: readonly string[], models: ReadonlySet<string>): Promise<Record<string, string>> {
  const tables = await wh.tableNames();
  const states: Record<string, string> = {};
  for (const name of names) {
    if (!tables.has(name)) {
      states[name] = "absent";
    } else if (models.has(name)) {
      const [run] = await wh.query(db.selectFrom("model_runs").select((eb) => eb.fn.max("run_id").as("runId")).where("model", "=", name));
      states[name] = `run ${run?.runId ?? "?"}`;
    } else {
      states[name] = await tableState(wh, name);
    }
  }
  return states;
}

async function tableState(wh: Warehouse, table: string): Promise<string> {
  const t = quoteIdent(table);
  const [{ n }] = await wh.all<{ n: number }>(`SELECT count(*) AS n FROM duckdb_columns() WHERE table_name = ${sqlString(table)} AND column_name = '_file_id'`);
  // A staging table changes only by files: rows added or replaced carry their file's id.
  const sql = n > 0
    ? `SELECT count(*) || ' rows, file ' || coalesce(max(_file_id), 0) AS state FROM ${t}`
    : `SELECT count(*) || ' rows, hash ' || coalesce(sum(hash(x)), 0) AS state FROM ${t} x`;
  return (await wh.one<{ state: string }>(sql)).state;
}

export async function lastBuilds(wh: Warehouse): Promise<Map<string, LastBuild>> {
  if (!(await wh.hasTables("model_runs"))) return new Map();
  await wh.exec(tableDdl(modelRuns)); // a warehouse built by an older version gains the new columns
  const newest = db.selectFrom("model_runs").select((eb) => [
    "model", "run_id as runId", eb.cast<string>("built_at", "varchar").as("builtAt"), eb.cast<string>("as_of", "varchar").as("asOf"),
    "last_file_id as lastFileId", "definition", "inputs",
    eb.fn.agg<number>("row_number").over((over) => over.partitionBy("model").orderBy("run_id", (o) => o.desc().nullsLast()).orderBy("built_at", "desc")).as("newest"),
  ]);
  const rows = await wh.query(db.selectFrom(newest.as("m")).selectAll().where("newest", "=", 1));
  return new Map(rows.map((r) => [r.model, { ...r, runId: r.runId ?? 0, inputs: r.inputs ? JSON.parse(r.inputs) : {} }]));
}

/** The models being built and every model built before: inputs by these names are models. */
export function knownModels(models: Model[], last: ReadonlyMap<string, LastBuild>): Set<string> {
  return new Set([...models.map((m) => m.name), ...last.keys()]);
}

export interface PlanOptions {
  full?: boolean;
}

/** Decides, model by model in dependency order, what a build with `ctx` will do. */
export async function planBuild(wh: Warehouse, ordered: Model[], ctx: BuildContext, options: PlanOptions = {}): Promise<PlannedModel[]> {
  const tables = await wh.tableNames();
  const last = await lastBuilds(wh);
  const modelNames = knownModels(ordered, last);
  const rebuilt = new Map<string, BuildAction>();
  const plan: PlannedModel[] = [];
  for (const model of ordered) {
    const previous = last.get(model.name);
    const decided = await decide(wh, model, modelContext(model, { ...ctx, tables }), previous, rebuilt, modelNames, options);
    if (decided.action !== "unchanged") rebuilt.set(model.name, decided.action);
    plan.push({ model, last: previous, ...decided });
  }
  return plan;
}

async function decide(
  wh: Warehouse,
  model: Model,
  ctx: ModelContext,
  previous: LastBuild | undefined,
  rebuilt: ReadonlyMap<string, BuildAction>,
  models: ReadonlySet<string>,
  options: PlanOptions,
): Promise<Omit<PlannedModel, "model" | "last">> {
  const full = (reason: string) => ({ action: "full" as const, reasons: [reason], changedInputs: [] });
  if (options.full) return full("--full");
  if (!previous || !ctx.tables?.has(model.name)) return full("never built");
  if (previous.definition === null) return full("built by an earlier version");
  if (previous.definition !== definitionOf(model, ctx)) {
    return full(previous.asOf !== ctx.asOf ? `as of ${ctx.asOf} (built as of ${previous.asOf})` : "its definition or settings changed");
  }
  const inputs = inputsOf(model);
  const now = await inputStates(wh, inputs.filter((d) => !rebuilt.has(d)), models);
  const changedInputs = inputs.filter((d) => rebuilt.has(d) || now[d] !== previous.inputs[d]);
  if (changedInputs.length === 0) return { action: "unchanged", reasons: ["no input changed"], changedInputs };
  const reasons = changedInputs.map((d) => (rebuilt.has(d) ? `${d} is rebuilt` : `${d} changed`));
  const rules = model.kind === "sql" ? model.incremental : undefined;
  // An upstream model's changes are known only when it refreshes incrementally now, and only on top
  // of the build this model last saw (after a failed or skipped build of this one, the gap is unknown).
  const upstreamBefore = await inputStates(wh, changedInputs.filter((d) => rebuilt.has(d)), models);
  const trackable = (d: string) =>
    rules?.touchedBy[d] !== undefined && (!models.has(d) || (rebuilt.get(d) === "incremental" && upstreamBefore[d] === previous.inputs[d]));
  return { action: rules && changedInputs.every(trackable) ? "incremental" : "full", reasons, changedInputs };
}
