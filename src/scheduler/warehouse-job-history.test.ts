import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Warehouse } from "../db/warehouse.js";
import { newRunRecord } from "./job-runner.js";
import { readJobHistory, WarehouseJobHistory } from "./warehouse-job-history.js";

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "loyalty-jobs-"));
  path = join(dir, "warehouse.duckdb");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the job history in the warehouse", () => {
  it("records a run's start and finish, and lists runs newest first", async () => {
    const history = new WarehouseJobHistory(path);
    const first = { ...newRunRecord("nightly", "cron"), started_at: new Date("2026-03-01T00:00:00.250Z") };
    await history.start(first);
    expect(await readJobHistory(path, 10)).toEqual([first]);

    const done = { ...first, status: "ok" as const, finished_at: new Date("2026-03-01T00:04:10.500Z"), steps_done: 3, summary: "loaded 2 files; built; published" };
    await history.finish(done);
    const skipped = {
      ...newRunRecord("hourly", "cron"),
      started_at: new Date("2026-03-01T01:00:00Z"),
      finished_at: new Date("2026-03-01T01:00:00Z"),
      status: "skipped_overlap" as const,
      summary: "nightly was still running",
    };
    await history.finish(skipped); // a skipped tick is recorded by finish alone

    expect(await readJobHistory(path, 10)).toEqual([skipped, done]);
    expect(await readJobHistory(path, 1)).toEqual([skipped]);
  });

  it("closes the warehouse after each write, so a step can open it", async () => {
    await new WarehouseJobHistory(path).start(newRunRecord("nightly", "manual"));
    const wh = await Warehouse.open(path);
    try {
      expect(await wh.all("SELECT job, status FROM job_runs")).toEqual([{ job: "nightly", status: "running" }]);
    } finally {
      await wh.close();
    }
  });

  it("lists nothing before any job has run", async () => {
    expect(await readJobHistory(path, 10)).toEqual([]);
    await (await Warehouse.open(path)).close(); // an existing warehouse without the table
    expect(await readJobHistory(path, 10)).toEqual([]);
  });
});
