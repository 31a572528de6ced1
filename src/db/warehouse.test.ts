import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

describe("transaction", () => {
  it("leaves a file's big load visible to the same connection (DuckDB 1.5 hid it until a checkpoint)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lw-txn-"));
    const wh = await Warehouse.open(join(dir, "w.duckdb"));
    try {
      await wh.exec("CREATE TABLE stg (id BIGINT)");
      // Ingest's shape: first the file's (no) changed rows, then a full row group of new ones.
      await wh.exec("CREATE TEMP TABLE changed (id BIGINT); CREATE TEMP TABLE added AS SELECT i AS id FROM range(122880) r(i)");
      await wh.transaction(async () => {
        await wh.exec("INSERT INTO stg SELECT * FROM changed");
        await wh.exec("INSERT INTO stg SELECT * FROM added");
      });
      expect(await wh.one("SELECT count(*)::INTEGER AS n, sum(id)::BIGINT AS total FROM stg")).toEqual({ n: 122880, total: 7549685760 });
    } finally {
      await wh.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
