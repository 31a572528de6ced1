/**
 * After a realistic run (ingest, build, a segment run, a sync, a job recorded) every table in the
 * warehouse is declared (a staging or bookkeeping table) or is a model's output: a table written
 * from a hand-made DDL string would show up here.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildModels } from "../../models/build-models.js";
import { MODELS } from "../../models/registry.js";
import { loadFile } from "../../ingest/load-file.js";
import { EVERYONE_SEGMENT } from "../../test/helpers/synthetic-members.js";
import { parseConfig } from "../config/config.js";
import { syncDestination } from "../delivery/sync-destination.js";
import { newRunRecord } from "../scheduler/job-runner.js";
import { WarehouseJobHistory } from "../scheduler/warehouse-job-history.js";
import { OWN_TABLES } from "./database.js";
import { ensureSchema } from "./ensure-schema.js";
import { stagingTables } from "./schema.js";
import { withWarehouse } from "./warehouse.js";

const FEEDS: Record<string, string> = {
  "stores.csv": ["store_id;name;city", "S1;Тверская;Москва", "S2;Баумана;Казань"].join("\n"),
  "customers.csv": [
    "customer_id;first_name;phone;email;consent_email;tier;registered_at;registration_channel;home_store_id",
    "C1;Анна;+7 916 000-00-01;a@x.ru;1;silver;2025-09-01 10:00;till;S1",
    "C2;Борис;not a phone;b@x.ru;1;silver;2026-09-20 10:00;app;S2",
    "C3;Вера;;c@x.ru;1;gold;2026-08-01 10:00;site;S2",
  ].join("\n"),
  "cards.csv": ["card_number;customer_id;issued_at", "K1;C1;2025-09-01 10:00", "K2;C2;2026-09-20 10:00", "K3;C3;2026-08-01 10:00"].join("\n"),
  "receipts_2026-10.csv": [
    "store_id;receipt_id;receipt_at;card_number;total",
    "S1;R1;2026-09-15 12:00;K1;200",
    "S1;R2;2026-10-01 10:00;K1;300",
    "S2;R3;2026-10-05 18:00;K2;500",
    "S2;R4;2026-10-06 09:00;K3;120",
    "S2;R5;not a date;K3;10",
  ].join("\n"),
};
/** A corrected profile: the tier change is kept in history_changes. */
const CORRECTED_CUSTOMERS = ["customer_id;first_name;tier", "C1;Анна;gold"].join("\n");

let dir: string;
let tables: Set<string>;
let counts: Record<string, number>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "loyalty-tables-"));
  const warehouse = join(dir, "warehouse.duckdb");
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  write("everyone.json", JSON.stringify(EVERYONE_SEGMENT));
  const config = parseConfig({ warehouse, segments: { dir }, destinations: { pos: { type: "folder", path: join(dir, "outbox"), segments: ["everyone"] } } });
  await withWarehouse(warehouse, async (wh) => {
    await ensureSchema(wh);
    for (const [name, text] of Object.entries(FEEDS)) await loadFile(wh, write(name, text));
    await loadFile(wh, write("customers_corrected.csv", CORRECTED_CUSTOMERS));
    await buildModels(wh, MODELS, { asOf: "2026-10-31", params: config.models });
    await syncDestination(wh, config, "pos");
  });
  const job = newRunRecord("nightly", "manual");
  await new WarehouseJobHistory(warehouse).finish({ ...job, status: "ok", finished_at: new Date(), steps_done: 3 });
  await withWarehouse(warehouse, async (wh) => {
    tables = await wh.tableNames();
    counts = Object.fromEntries(
      await Promise.all(OWN_TABLES.map(async (d) => [d.name, (await wh.one<{ n: number }>(`SELECT count(*) AS n FROM ${d.name}`)).n] as const)),
    );
  });
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("after ingest, build, a segment run, a sync and a recorded job", () => {
  it("every table in the warehouse is declared or made by a model", () => {
    const known = new Set([...OWN_TABLES.map((d) => d.name), ...stagingTables().map((t) => t.table), ...MODELS.map((m) => m.name)]);
    expect([...tables].filter((t) => !known.has(t)).sort()).toEqual([]);
  });

  it("every declared bookkeeping table was made, and written by the run", () => {
    expect(OWN_TABLES.map((d) => d.name).filter((name) => !tables.has(name))).toEqual([]);
    // sync_errors stays empty: the folder took every batch
    expect(Object.entries(counts).filter(([name, n]) => n === 0 && name !== "sync_errors")).toEqual([]);
  });
});
