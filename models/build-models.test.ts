import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../src/config/config.js";
import { tempWarehouse } from "../test/helpers/temp-warehouse.js";
import { buildModels, dependencyOrder, selectModels } from "./build-models.js";
import { DataTestError } from "./data-tests.js";
import type { BuildContext, Model } from "./model.js";

const ctx: BuildContext = { asOf: "2026-10-31", params: parseConfig({}).models };

const a: Model = { kind: "sql", name: "m_a", description: "", layer: "core", grain: ["k"], sql: ({ source }) => `SELECT store_id AS k FROM ${source("stg_stores")}` };
const b: Model = { kind: "sql", name: "m_b", description: "", layer: "mart", grain: ["k"], sql: ({ ref }) => `SELECT k FROM ${ref("m_a")}` };
const c: Model = { kind: "sql", name: "m_c", description: "", layer: "mart", grain: ["k"], sql: ({ ref }) => `SELECT k FROM ${ref("m_b")}` };
const d: Model = { kind: "sql", name: "m_d", description: "", layer: "mart", grain: ["k"], sql: ({ source }) => `SELECT count(*) AS k FROM ${source("stg_stores")}` };

let t: Awaited<ReturnType<typeof tempWarehouse>>;
beforeEach(async () => {
  t = await tempWarehouse();
});
afterEach(() => t.cleanup());

describe("building models", () => {
  it("orders models after what they read, and selects downstream (x+) and upstream (+x)", () => {
    expect(dependencyOrder([c, b, d, a]).map((m) => m.name)).toEqual(["m_a", "m_b", "m_c", "m_d"]);
    expect(selectModels([c, b, d, a], "m_b+").map((m) => m.name)).toEqual(["m_b", "m_c"]);
    expect(selectModels([c, b, d, a], "+m_b").map((m) => m.name)).toEqual(["m_a", "m_b"]);
    expect(() => selectModels([a], "m_x")).toThrow(/no model m_x\. Models: m_a/);
  });

  it("fails with the model, the test and the offending keys, keeping the previous good table", async () => {
    await t.wh.exec("INSERT INTO stg_stores (store_id, name, city, _file_id, _line) VALUES ('S1', 'a', 'x', 0, 1), ('S2', 'b', 'y', 0, 2)");
    await buildModels(t.wh, [a], ctx);
    await t.wh.exec("INSERT INTO stg_stores (store_id, name, city, _file_id, _line) VALUES ('S1', 'c', 'z', 1, 1)");
    const failure = await buildModels(t.wh, [a], ctx).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DataTestError);
    expect((failure as DataTestError).message).toBe('Data test failed: m_a unique grain (k): 1 row(s), e.g. {"k":"S1","copies":2}');
    expect(await t.wh.all("SELECT k FROM m_a ORDER BY k")).toEqual([{ k: "S1" }, { k: "S2" }]);
    // the failed build is not recorded: the next one tries again
    expect(await buildModels(t.wh, [a], ctx).catch((e: unknown) => e)).toBeInstanceOf(DataTestError);
  });

  it("tests a model one to one with a staging table by counting rows: a join that copies a row fails", async () => {
    await t.wh.exec("INSERT INTO stg_stores (store_id, name, city, _file_id, _line) VALUES ('S1', 'a', 'x', 0, 1), ('S2', 'b', 'x', 0, 2)");
    const perStore = (join: string): Model => ({
      kind: "sql", name: "m_per_store", description: "", layer: "core", grain: ["k"], oneRowPer: "stg_stores",
      sql: ({ source }) => `SELECT s.store_id AS k FROM ${source("stg_stores")} s ${join}`,
    });
    expect((await buildModels(t.wh, [perStore("")], ctx))[0].tests).toBe(2);
    const twice = await buildModels(t.wh, [perStore("JOIN (VALUES (1), (2)) v(n) ON s.store_id = 'S1' OR v.n = 1")], ctx).catch((e: unknown) => e);
    expect((twice as DataTestError).message).toBe('Data test failed: m_per_store unique grain (k): one row per row of stg_stores: 1 row(s), e.g. {"rows":3,"staged":2}');
  });
});

describe("refreshing", () => {
  const dated: Model = { kind: "sql", name: "m_dated", description: "", layer: "mart", grain: ["k"], sql: (c) => `SELECT k, DATE '${c.asOf}' AS as_of FROM ${c.ref("m_a")}` };
  const modes = (results: { model: string; mode: string }[]) => Object.fromEntries(results.map((r) => [r.model, r.mode]));
  const addStore = (id: string, fileId: number) =>
    t.wh.exec(`INSERT INTO stg_stores (store_id, name, city, _file_id, _line) VALUES ('${id}', 'n', 'c', ${fileId}, 1)`);

  it("rebuilds a model only when something it is made from changed, and what reads it after it", async () => {
    await addStore("S1", 1);
    expect(modes(await buildModels(t.wh, [a, b, d, dated], ctx))).toEqual({ m_a: "full", m_b: "full", m_d: "full", m_dated: "full" });
    expect(modes(await buildModels(t.wh, [a, b, d, dated], ctx))).toEqual({ m_a: "unchanged", m_b: "unchanged", m_d: "unchanged", m_dated: "unchanged" });
    // a new date changes what m_dated says, not the others
    const next = await buildModels(t.wh, [a, b, d, dated], { ...ctx, asOf: "2026-11-01" });
    expect(modes(next)).toEqual({ m_a: "unchanged", m_b: "unchanged", m_d: "unchanged", m_dated: "full" });
    expect(next.find((r) => r.model === "m_dated")!.reasons).toEqual(["as of 2026-11-01 (built as of 2026-10-31)"]);
    // a new store reaches m_a, then everything downstream of it
    await addStore("S2", 2);
    const refresh = await buildModels(t.wh, [a, b, d, dated], { ...ctx, asOf: "2026-11-01" });
    expect(modes(refresh)).toEqual({ m_a: "full", m_b: "full", m_d: "full", m_dated: "full" });
    expect(refresh.map((r) => r.reasons)).toEqual([["stg_stores changed"], ["m_a is rebuilt"], ["stg_stores changed"], ["m_a is rebuilt"]]);
    expect(await t.wh.all("SELECT k FROM m_b ORDER BY k")).toEqual([{ k: "S1" }, { k: "S2" }]);
  });

  it("sees a changed input table that has no file ids by its content", async () => {
    await t.wh.exec("CREATE TABLE enrolments (k VARCHAR)");
    const e: Model = { kind: "sql", name: "m_e", description: "", layer: "core", grain: ["k"], sql: ({ source }) => `SELECT k FROM ${source("enrolments")}` };
    await buildModels(t.wh, [e], ctx);
    await t.wh.exec("INSERT INTO enrolments VALUES ('x')");
    expect(modes(await buildModels(t.wh, [e], ctx))).toEqual({ m_e: "full" });
    await t.wh.exec("UPDATE enrolments SET k = 'y'");
    expect(modes(await buildModels(t.wh, [e], ctx))).toEqual({ m_e: "full" });
    expect(modes(await buildModels(t.wh, [e], ctx))).toEqual({ m_e: "unchanged" });
    expect(modes(await buildModels(t.wh, [e], ctx, { full: true }))).toEqual({ m_e: "full" });
  });
});
