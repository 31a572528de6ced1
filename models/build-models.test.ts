import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../src/config/config.js";
import { tempWarehouse } from "../test/helpers/temp-warehouse.js";
import { buildModels, dependencyOrder, selectModels } from "./build-models.js";
import { DataTestError } from "./data-tests.js";
import type { Model, ModelContext } from "./model.js";

const ctx: ModelContext = { asOf: "2026-10-31", params: parseConfig({}).models };

const a: Model = { kind: "sql", name: "m_a", description: "", layer: "core", grain: ["k"], dependsOn: ["stg_stores"], sql: () => "SELECT store_id AS k FROM stg_stores" };
const b: Model = { kind: "sql", name: "m_b", description: "", layer: "mart", grain: ["k"], dependsOn: ["m_a"], sql: () => "SELECT k FROM m_a" };
const c: Model = { kind: "sql", name: "m_c", description: "", layer: "mart", grain: ["k"], dependsOn: ["m_b"], sql: () => "SELECT k FROM m_b" };
const d: Model = { kind: "sql", name: "m_d", description: "", layer: "mart", grain: ["k"], dependsOn: ["stg_stores"], sql: () => "SELECT 1 AS k" };

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
    await t.wh.exec("UPDATE stg_stores SET store_id = 'S1'");
    const failure = await buildModels(t.wh, [a], ctx).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DataTestError);
    expect((failure as DataTestError).message).toBe('Data test failed: m_a unique grain (k): 1 row(s), e.g. {"k":"S1","copies":2}');
    expect(await t.wh.all("SELECT k FROM m_a ORDER BY k")).toEqual([{ k: "S1" }, { k: "S2" }]);
  });
});
