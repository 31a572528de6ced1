import { describe, expect, it } from "vitest";
import { inputKindsOf } from "./model-inputs.js";
import type { Model } from "./model.js";
import { checkedRefs } from "./table-refs.js";

describe("ref() and source()", () => {
  // a model whose reads depend on a setting: the graph is read with the default settings
  const byChannel: Model = {
    kind: "sql", name: "m_by_setting", description: "", layer: "mart", grain: ["k"],
    sql: ({ ref, source, params }) => (params.weekStart === "monday" ? `SELECT k FROM ${ref("m_a")}` : `SELECT k FROM ${source("stg_stores")}`),
    tests: [{ kind: "relationships", column: "k", to: "dim_stores", toColumn: "store_id" }],
  };

  it("records the inputs the definition names, data tests included, but not the model's own table", () => {
    expect([...inputKindsOf(byChannel)]).toEqual([["m_a", "ref"], ["dim_stores", "ref"]]);
  });

  it("fails a build that reads what the graph did not record, naming the model and the table", () => {
    const refs = checkedRefs("m_by_setting", inputKindsOf(byChannel));
    expect(refs.ref("m_a")).toBe("m_a");
    expect(refs.ref("m_by_setting")).toBe("m_by_setting");
    expect(() => refs.source("stg_stores")).toThrow('model m_by_setting reads source("stg_stores"), which its definition did not name when the build graph was made');
    expect(() => refs.source("m_a")).toThrow(/reads source\("m_a"\)/);
  });
});
