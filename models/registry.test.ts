/**
 * A model's inputs are the tables its definition names with ref() and source() (model-inputs.ts);
 * a refresh leaves a model alone when none of them changed, so a table read without them would be a
 * change the refresh misses. These tests build every model while recording the SQL sent to DuckDB
 * and check each table it names against the inputs derived from its definition.
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
import { inputKindsOf, inputsOf } from "./model-inputs.js";
import type { Model } from "./model.js";
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

/** The tables each model's build names in the SQL it sends, of those in `tables`. */
async function tablesNamed(models: Model[], tables: ReadonlySet<string>): Promise<Map<string, Set<string>>> {
  const named = new Map<string, Set<string>>();
  const ctx = { asOf: "2026-10-31", params: parseConfig({}).models };
  for (const model of dependencyOrder(models)) {
    const names = new Set<string>();
    const wh = recording(t.wh, (sql) => {
      for (const word of sql.match(/\b[a-z][a-z0-9_]*\b/g) ?? []) if (tables.has(word)) names.add(word);
    });
    await buildModels(wh, [model], ctx, { full: true });
    named.set(model.name, names);
  }
  return named;
}

const undeclared = (model: Model, named: ReadonlySet<string>) =>
  [...named].filter((table) => table !== model.name && !RUNNER_TABLES.has(table) && !inputsOf(model).includes(table));

beforeAll(async () => {
  t = await tempWarehouse();
  await seedTinyChain(t.wh);
  await t.wh.exec(tableDdl(campaignEnrolments));
  const tables = await t.wh.tableNames();
  for (const m of MODELS) tables.add(m.name);
  for (const [model, names] of await tablesNamed(MODELS, tables)) readBy.set(model, names);
}, 120_000);
afterAll(() => t.cleanup());

describe("the model registry", () => {
  it.each(dependencyOrder(MODELS).map((m) => [m.name, m] as const))("%s names every table its build reads with ref() or source()", (name, model) => {
    expect(undeclared(model, readBy.get(name)!)).toEqual([]);
  });

  it("catches a model that names a table in its SQL without ref()", async () => {
    const sneaky: Model = {
      kind: "sql", name: "m_sneaky", description: "", layer: "mart", grain: ["member_id"],
      sql: ({ ref }) => `SELECT r.member_id FROM ${ref("fct_receipts")} r JOIN dim_customers c ON c.customer_id = r.member_id GROUP BY ALL`,
    };
    const named = await tablesNamed([sneaky], new Set(["fct_receipts", "dim_customers"]));
    expect(inputsOf(sneaky)).toEqual(["fct_receipts"]);
    expect(undeclared(sneaky, named.get("m_sneaky")!)).toEqual(["dim_customers"]);
  });

  it("refs models and sources tables that are not models; marts read models only", () => {
    const models = new Set(MODELS.map((m) => m.name));
    for (const model of MODELS) {
      for (const [table, kind] of inputKindsOf(model)) {
        expect({ model: model.name, table, isModel: models.has(table) }).toEqual({ model: model.name, table, isModel: kind === "ref" });
        if (model.layer === "mart") expect({ model: model.name, table, kind }).toEqual({ model: model.name, table, kind: "ref" });
      }
    }
  });


  it("gives an incremental model a change rule for each of its inputs, each a staging table or an incremental model", () => {
    const incremental = MODELS.filter((m) => m.kind === "sql" && m.incremental);
    expect(incremental.map((m) => m.name)).toEqual(["fct_receipts", "fct_purchase_days"]);
    const names = new Set(incremental.map((m) => m.name));
    for (const m of incremental) {
      if (m.kind !== "sql" || !m.incremental) continue;
      expect(Object.keys(m.incremental.touchedBy).sort()).toEqual(inputsOf(m).sort());
      expect(inputsOf(m).filter((d) => inputKindsOf(m).get(d) === "ref" && !names.has(d))).toEqual([]);
    }
  });
});
