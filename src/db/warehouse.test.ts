import { describe, expect, it } from "vitest";
import { Warehouse } from "./warehouse.js";

describe("table checks", () => {
  it("see the warehouse's own tables only, and need all the names asked for", async () => {
    const wh = await Warehouse.open(":memory:");
    try {
      expect(await wh.hasTables("segment_runs")).toBe(false);
      await wh.exec("CREATE TABLE segment_runs (run_id INTEGER); CREATE TEMP TABLE segment_members (run_id INTEGER)");
      expect(await wh.hasTables("segment_runs")).toBe(true);
      expect(await wh.hasTables("segment_runs", "segment_members")).toBe(false); // a temp table is not the warehouse's
      expect([...(await wh.tableNames())]).toEqual(["segment_runs"]);
    } finally {
      await wh.close();
    }
  });
});

describe("insert", () => {
  it("takes every column any row names, NULL where a row leaves one out", async () => {
    const wh = await Warehouse.open(":memory:");
    try {
      await wh.exec("CREATE TABLE results (id INTEGER, uplift DOUBLE, verdict VARCHAR)");
      await wh.insert("results", [{ id: 1, verdict: "not measurable" }, { id: 2, uplift: 0.05, verdict: "significant uplift" }]);
      expect(await wh.all("SELECT * FROM results ORDER BY id")).toEqual([
        { id: 1, uplift: null, verdict: "not measurable" },
        { id: 2, uplift: 0.05, verdict: "significant uplift" },
      ]);
    } finally {
      await wh.close();
    }
  });
});
