import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureSchema } from "../db/ensure-schema.js";
import { Warehouse } from "../db/warehouse.js";
import { publishSnapshot } from "./publish-snapshot.js";
import { NoSnapshotError, openSnapshot } from "./read-snapshot.js";

let dir: string;
let wh: Warehouse;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "loyalty-snap-"));
  wh = await Warehouse.open(":memory:");
  await ensureSchema(wh);
  await wh.exec(`INSERT INTO stg_receipts (store_id, receipt_id, receipt_at, total, is_return, _file_id, _line) VALUES
    ('S1', 'R1', '2026-09-30 10:00', 100.50, false, 1, 2), ('S1', 'R2', '2026-10-01 11:00', 200.25, false, 1, 3), ('S2', 'R3', '2026-10-15 12:00', 50, false, 1, 4)`);
  await wh.exec(`INSERT INTO quarantine VALUES (1, 'customers', 'customers.csv', 7, 'gender', 'not_accepted', 'x', 'C9;Иван;+79161234567;x', NULL)`);
});
afterEach(async () => {
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("publishing the Parquet snapshot", () => {
  it("writes every table, partitions receipts by month, and readers get the same numbers", async () => {
    const snapshot = await publishSnapshot(wh, dir, 3);
    expect(snapshot.tables.find((t) => t.table === "stg_receipts")).toEqual({ table: "stg_receipts", rows: 3, path: "stg_receipts", partitioned: true });
    expect(readdirSync(join(snapshot.dir, "stg_receipts")).sort()).toEqual(["month=2026-09", "month=2026-10"]);
    const reader = openSnapshot(dir);
    expect(reader.dir).toBe(snapshot.dir);
    expect(await wh.all(`SELECT month, count(*)::INT AS n, sum(total)::DOUBLE AS revenue FROM ${reader.scan("stg_receipts")} GROUP BY month ORDER BY month`)).toEqual([
      { month: "2026-09", n: 1, revenue: 100.5 },
      { month: "2026-10", n: 2, revenue: 250.25 },
    ]);
  });

  it("keeps raw quarantined text (which may hold phones) out of the snapshot", async () => {
    await publishSnapshot(wh, dir, 3);
    const q = await wh.all(`SELECT * FROM ${openSnapshot(dir).scan("quarantine")}`);
    expect(q).toEqual([{ file_id: 1, feed: "customers", file_name: "customers.csv", line: 7, field: "gender", reason: "not_accepted", record: null }]);
  });

  it("switches `current` to the newest snapshot and keeps only the configured number", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await publishSnapshot(wh, dir, 2)).id);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(readlinkSync(join(dir, "current"))).toBe(ids[2]);
    expect(existsSync(join(dir, ids[0]))).toBe(false);
    expect(readdirSync(dir).filter((n) => !n.startsWith(".") && n !== "current").sort()).toEqual([ids[1], ids[2]]);
  });

  it("tells a reader what to run when nothing is published yet", () => {
    expect(() => openSnapshot(join(dir, "none"))).toThrow(NoSnapshotError);
    expect(() => openSnapshot(join(dir, "none"))).toThrow(/Run `npx loyalty publish`/);
  });
});
