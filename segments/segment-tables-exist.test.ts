import { describe, expect, it } from "vitest";
import { Warehouse } from "../src/db/warehouse.js";
import { segmentTablesExist } from "./segment-tables-exist.js";
import { ensureSegmentTables } from "./segment-store.js";

describe("segmentTablesExist", () => {
  it("is false until the first run creates the segment tables", async () => {
    const wh = await Warehouse.open(":memory:");
    try {
      expect(await segmentTablesExist(wh)).toBe(false);
      await wh.exec("CREATE TABLE segment_runs (run_id INTEGER)"); // half of them is not enough
      expect(await segmentTablesExist(wh)).toBe(false);
      await wh.exec("DROP TABLE segment_runs");
      await ensureSegmentTables(wh);
      expect(await segmentTablesExist(wh)).toBe(true);
    } finally {
      await wh.close();
    }
  });
});
