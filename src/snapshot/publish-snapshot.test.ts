import { PLAIN_REFS } from "../../models/table-refs.js";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dimCustomers } from "../../models/core/dim-customers.js";
import { ensureSchema } from "../db/ensure-schema.js";
import { Warehouse } from "../db/warehouse.js";
import { createFeaturesTable, member } from "../../test/fixtures/segment-members.js";
import { seed } from "../../test/helpers/seed-staging.js";
import { publishSnapshot } from "./publish-snapshot.js";
import { NoSnapshotError, openSnapshot } from "./read-snapshot.js";
import { PUBLISHED_TABLES } from "./snapshot-contents.js";
import { buildingFolderName } from "./unfinished-publishes.js";

let dir: string;
let wh: Warehouse;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "loyalty-snap-"));
  wh = await Warehouse.open(":memory:");
  await ensureSchema(wh);
  await wh.exec(`INSERT INTO stg_receipts (store_id, receipt_id, receipt_at, total, is_return, _file_id, _line) VALUES
    ('S1', 'R1', '2026-09-30 10:00', 100.50, false, 1, 2), ('S1', 'R2', '2026-10-01 11:00', 200.25, false, 1, 3), ('S2', 'R3', '2026-10-15 12:00', 50, false, 1, 4)`);
  // fct_receipts as far as publishing cares: the receipts with their time
  await wh.exec("CREATE TABLE fct_receipts AS SELECT store_id, receipt_id, receipt_at, total AS net_amount FROM stg_receipts");
  await wh.exec(`INSERT INTO quarantine VALUES (1, 'customers', 'customers.csv', 7, 'gender', 'not_accepted', 'x', 'C9;Иван;+79161234567;x', NULL)`);
});
afterEach(async () => {
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("publishing the Parquet snapshot", () => {
  it("writes the published tables, partitions receipts by month, and readers get the same numbers", async () => {
    const snapshot = await publishSnapshot(wh, dir, 3);
    expect(snapshot.tables.find((t) => t.table === "fct_receipts")).toEqual({ table: "fct_receipts", rows: 3, path: "fct_receipts", partitioned: true, withheld: [] });
    expect(readdirSync(join(snapshot.dir, "fct_receipts")).sort()).toEqual(["month=2026-09", "month=2026-10"]);
    const reader = openSnapshot(dir);
    expect(reader.dir).toBe(snapshot.dir);
    expect(await wh.all(`SELECT month, count(*)::INT AS n, sum(net_amount)::DOUBLE AS revenue FROM ${reader.scan("fct_receipts")} GROUP BY month ORDER BY month`)).toEqual([
      { month: "2026-09", n: 1, revenue: 100.5 },
      { month: "2026-10", n: 2, revenue: 250.25 },
    ]);
  });

  it("keeps raw quarantined text (which may hold phones) out of the snapshot", async () => {
    await publishSnapshot(wh, dir, 3);
    const q = await wh.all(`SELECT * FROM ${openSnapshot(dir).scan("quarantine")}`);
    expect(q).toEqual([{ file_id: 1, feed: "customers", file_name: "customers.csv", line: 7, field: "gender", reason: "not_accepted", record: null }]);
  });

  it("publishes only the allow-list, without personal columns: no staging table, no name, phone, e-mail or birth date", async () => {
    await seed(wh, "stg_customers", [{ customer_id: "C1", first_name: "Василиса", last_name: "Премудрая", phone: "+79161234567", email: "vasilisa@example.ru", birth_date: "1987-04-12", city: "Тверь" }]);
    await wh.exec(`CREATE TABLE dim_customers AS ${dimCustomers.sql({ asOf: "2026-10-31", ...PLAIN_REFS } as never)}`);
    await createFeaturesTable(wh);
    await wh.insert("mart_customer_features", [member("C1", { age: 39, days_to_birthday: 163 })]);
    const snapshot = await publishSnapshot(wh, dir, 3);
    const published = snapshot.tables.map((t) => t.table);
    expect(published.filter((t) => !(t in PUBLISHED_TABLES))).toEqual([]);
    expect(published.filter((t) => t.startsWith("stg_"))).toEqual([]);
    expect(published).toEqual(expect.arrayContaining(["dim_customers", "fct_receipts", "mart_customer_features", "quarantine"]));
    expect(readdirSync(snapshot.dir).filter((f) => f.startsWith("stg_") || f.startsWith("history_"))).toEqual([]);
    const reader = openSnapshot(dir);
    expect(await wh.all(`SELECT customer_id, city, age FROM ${reader.scan("dim_customers")}`)).toEqual([{ customer_id: "C1", city: "Тверь", age: 39 }]);
    const columns = async (table: string) => (await wh.all<{ column_name: string }>(`DESCRIBE SELECT * FROM ${reader.scan(table)}`)).map((c) => c.column_name);
    expect(await columns("dim_customers")).not.toContain("birth_date");
    expect(await columns("mart_customer_features")).not.toContain("days_to_birthday");
    expect(await columns("mart_customer_features")).not.toContain("days_to_child_birthday");
    expect(await columns("mart_customer_features")).toContain("age");
    // the snapshot says what it left out
    const manifest = JSON.parse(readFileSync(join(snapshot.dir, "snapshot.json"), "utf8")) as { tables: { table: string; withheld: string[] }[] };
    expect(manifest.tables.find((t) => t.table === "dim_customers")?.withheld).toEqual(["birth_date"]);
    expect(manifest.tables.find((t) => t.table === "mart_customer_features")?.withheld).toEqual(["days_to_birthday", "days_to_child_birthday"]);
    // and no value of the profile is anywhere in it
    const text = (await wh.all<{ row: string }>(`SELECT to_json(t)::VARCHAR AS row FROM ${reader.scan("dim_customers")} t`)).map((r) => r.row).join("\n");
    for (const value of ["Василиса", "Премудрая", "+79161234567", "vasilisa@example.ru", "1987-04-12"]) expect(text).not.toContain(value);
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

  it("removes the folder a killed publish left before it writes its own", async () => {
    // a publish of this host whose process is gone, with a table it had written
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    const killed = join(dir, buildingFolderName("20261128T030000-000Z", undefined, dead));
    mkdirSync(killed);
    writeFileSync(join(killed, "dim_customers.parquet"), "PAR1…");
    const snapshot = await publishSnapshot(wh, dir, 3);
    expect(snapshot.pruned).toEqual([killed.slice(dir.length + 1)]);
    expect(readdirSync(dir).filter((n) => n.startsWith("."))).toEqual([]);
  });

  it("tells a reader what to run when nothing is published yet", () => {
    expect(() => openSnapshot(join(dir, "none"))).toThrow(NoSnapshotError);
    expect(() => openSnapshot(join(dir, "none"))).toThrow(/Run `npx loyalty publish`/);
  });
});
