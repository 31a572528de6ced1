import { describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { defaultMemoryLimit, sqlNameOf, Warehouse } from "./warehouse.js";

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

describe("memory", () => {
  it("limits DuckDB to a sixth of the machine's memory unless told otherwise", async () => {
    const wh = await Warehouse.open(":memory:");
    const told = await Warehouse.open(":memory:", { memoryLimit: "300MB" });
    try {
      const mib = (text: string) => Number(/^([\d.]+) (MiB|GiB)$/.exec(text)![1]) * (text.endsWith("GiB") ? 1024 : 1);
      const sixth = Number(/^(\d+)MiB$/.exec(defaultMemoryLimit())![1]);
      expect(sixth).toBeCloseTo(Math.min(totalmem(), process.constrainedMemory?.() || Infinity) / 6 / 2 ** 20, -1);
      expect(Math.abs(mib(await wh.memoryLimit()) - sixth) / sixth).toBeLessThan(0.01); // DuckDB shows it rounded to 0.1 GiB
      expect(await told.memoryLimit()).toBe("286.1 MiB");
    } finally {
      await wh.close();
      await told.close();
    }
  });

  it("sees a query spill to disk when it does not fit in the limit, and none when it does", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lw-spill-"));
    const wh = await Warehouse.open(join(dir, "w.duckdb"), { memoryLimit: "40MB", threads: 1 });
    try {
      const sort = (n: number) => wh.watchSpill(() => wh.exec(`CREATE OR REPLACE TABLE sorted AS SELECT md5(i::VARCHAR) AS h FROM range(${n}) r(i) ORDER BY h`));
      expect((await sort(1000)).spilledBytes).toBe(0);
      expect((await sort(3_000_000)).spilledBytes).toBeGreaterThan(40 * 2 ** 20);
    } finally {
      await wh.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("sqlNameOf", () => {
  it("names the codes a list declares, keeps the others, and quotes both sides", async () => {
    const wh = await Warehouse.open(":memory:");
    try {
      const names = { target: "целевая", "can't": "нельзя" };
      const rows = await wh.all<{ n: string | null }>(
        `SELECT ${sqlNameOf("c", names)} AS n FROM (VALUES ('target'), ('can''t'), ('other'), (NULL)) t(c) ORDER BY c NULLS LAST`,
      );
      expect(rows.map((r) => r.n)).toEqual(["нельзя", "other", "целевая", null]);
      expect(sqlNameOf("c", {})).toBe("c");
    } finally {
      await wh.close();
    }
  });
});
