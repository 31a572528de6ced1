/**
 * A refresh leaves a model alone when none of the tables it declares in `dependsOn` changed, so a
 * table read but not declared would be a change the refresh misses. These tests build every model
 * while recording the SQL sent to DuckDB and check each table it names against the declaration.
 */
import type { Compilable } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../src/config/config.js";
import type { Warehouse } from "../src/db/warehouse.js";
import { campaignEnrolments } from "../src/db/tables/segment-tables.js";
import { tableDdl } from "../src/db/tables/table.js";
import { seedTinyChain } from "../test/fixtures/tiny-chain.js";
import { tempWarehouse } from "../test/helpers/temp-warehouse.js";
import { buildModels, dependencyOrder } from "./build-models.js";
import { MODELS } from "./registry.js";

let t: Awaited<ReturnType<typeof tempWarehouse>>;
const readBy = new Map<string, Set<string>>();
/** The build's own bookkeeping, not a model's input. */
const RUNNER_TABLES = new Set(["model_runs", "load_manifest"]);

/** The warehouse with every statement's text handed to `seen` first. */
function recording(wh: Warehouse, seen: (sql: string) => void): Warehouse {
  return new Proxy(wh, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const sql = args[0];
        if (typeof sql === "string") seen(sql);
        else if (sql && typeof sql === "object" && "sql" in sql) seen(String((sql as { sql: unknown }).sql));
        else if (sql && typeof sql === "object" && "compile" in sql) seen((sql as Compilable).compile().sql);
        return value.apply(target, args);
      };
    },
  });
}

beforeAll(async () => {
  t = await tempWarehouse();
  await seedTinyChain(t.wh);
  await t.wh.exec(tableDdl(campaignEnrolments));
  const tables = await t.wh.tableNames();
  for (const m of MODELS) tables.add(m.name);
  const ctx = { asOf: "2026-10-31", params: parseConfig({}).models };
  for (const model of dependencyOrder(MODELS)) {
    const names = new Set<string>();
    const wh = recording(t.wh, (sql) => {
      for (const word of sql.match(/\b[a-z][a-z0-9_]*\b/g) ?? []) if (tables.has(word)) names.add(word);
    });
    await buildModels(wh, [model], ctx, { full: true });
    readBy.set(model.name, names);
  }
}, 120_000);
afterAll(() => t.cleanup());

describe("the model registry", () => {
  it.each(dependencyOrder(MODELS).map((m) => [m.name, m] as const))("%s declares every table its build reads", (name, model) => {
    const undeclared = [...readBy.get(name)!].filter((table) => table !== name && !RUNNER_TABLES.has(table) && !model.dependsOn.includes(table));
    expect(undeclared).toEqual([]);
  });

  it("gives an incremental model a change rule for each of its inputs, each a staging table or an incremental model", () => {
    const incremental = MODELS.filter((m) => m.kind === "sql" && m.incremental);
    expect(incremental.map((m) => m.name)).toEqual(["fct_receipts", "fct_purchase_days"]);
    const names = new Set(incremental.map((m) => m.name));
    for (const m of incremental) {
      if (m.kind !== "sql" || !m.incremental) continue;
      expect(Object.keys(m.incremental.touchedBy).sort()).toEqual([...m.dependsOn].sort());
      expect(m.dependsOn.filter((d) => !d.startsWith("stg_") && !names.has(d))).toEqual([]);
    }
  });
});
