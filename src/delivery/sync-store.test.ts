import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Warehouse } from "../db/warehouse.js";
import { ensureDeliveryTables } from "./sync-store.js";

let wh: Warehouse;
beforeEach(async () => {
  wh = await Warehouse.open(":memory:");
});
afterEach(() => wh.close());

describe("delivery tables written before batches were recorded in flight", () => {
  it("are upgraded: sent batches are confirmed, and the members of failed ones are in doubt", async () => {
    // the tables as the previous version made them: a sync that confirmed C1's upsert and C2's
    // removal, then failed on a batch of C3 (held) and C4 (new), which may have been applied
    await wh.exec(`CREATE SEQUENCE sync_run_seq START 3;
      CREATE TABLE destination_state (destination VARCHAR NOT NULL, segment VARCHAR NOT NULL, member_key VARCHAR NOT NULL, payload_hash VARCHAR NOT NULL, run_id INTEGER NOT NULL, synced_at TIMESTAMP NOT NULL);
      CREATE TABLE sync_runs (sync_id INTEGER PRIMARY KEY, destination VARCHAR NOT NULL, segment VARCHAR NOT NULL, run_id INTEGER NOT NULL, mode VARCHAR NOT NULL, started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP, status VARCHAR NOT NULL, planned_upserts BIGINT NOT NULL, planned_removes BIGINT NOT NULL, sent_upserts BIGINT NOT NULL, sent_removes BIGINT NOT NULL, failed BIGINT NOT NULL, batches INTEGER NOT NULL, error VARCHAR);
      CREATE TABLE sync_batches (sync_id INTEGER NOT NULL, batch_no INTEGER NOT NULL, action VARCHAR NOT NULL, members INTEGER NOT NULL, idempotency_key VARCHAR NOT NULL, attempts INTEGER NOT NULL, status VARCHAR NOT NULL, sent_at TIMESTAMP NOT NULL);
      CREATE TABLE sync_errors (sync_id INTEGER NOT NULL, batch_no INTEGER NOT NULL, member_key VARCHAR NOT NULL, error VARCHAR NOT NULL);
      INSERT INTO destination_state VALUES ('mailer', 'win-back', 'C1', 'h1', 7, '2026-11-01'), ('mailer', 'win-back', 'C3', 'h3', 7, '2026-11-01');
      INSERT INTO sync_runs VALUES (1, 'mailer', 'win-back', 7, 'diff', '2026-11-01', '2026-11-01', 'ok', 1, 1, 1, 1, 0, 2, NULL),
        (2, 'mailer', 'win-back', 8, 'diff', '2026-11-02', '2026-11-02', 'failed', 2, 0, 0, 0, 2, 0, 'HTTP 503');
      INSERT INTO sync_batches VALUES (1, 1, 'remove', 1, 'k1', 1, 'sent', '2026-11-01'), (1, 2, 'upsert', 1, 'k2', 1, 'sent', '2026-11-01'),
        (2, 1, 'upsert', 2, 'k3', 6, 'failed', '2026-11-02');
      INSERT INTO sync_errors VALUES (2, 1, 'C3', 'HTTP 503'), (2, 1, 'C4', 'HTTP 503');`);
    await ensureDeliveryTables(wh);
    expect(await wh.all("SELECT member_key, payload_hash, run_id, in_doubt FROM destination_state ORDER BY member_key")).toEqual([
      { member_key: "C1", payload_hash: "h1", run_id: 7, in_doubt: false },
      { member_key: "C3", payload_hash: "h3", run_id: 7, in_doubt: true },
      { member_key: "C4", payload_hash: "", run_id: 8, in_doubt: true },
    ]);
    expect(await wh.all("SELECT sync_id, batch_no, status, http_status FROM sync_batches ORDER BY sync_id, batch_no")).toEqual([
      { sync_id: 1, batch_no: 1, status: "confirmed", http_status: null },
      { sync_id: 1, batch_no: 2, status: "confirmed", http_status: null },
      { sync_id: 2, batch_no: 1, status: "in_doubt", http_status: null },
    ]);
    expect(await wh.all("SELECT column_name AS c FROM duckdb_columns() WHERE table_name = 'sync_batches' AND column_index > 8 ORDER BY column_index")).toEqual([
      { c: "http_status" }, { c: "run_id" }, { c: "campaign" },
    ]);
    // once only: a second call changes nothing
    await wh.exec("UPDATE destination_state SET in_doubt = false");
    await ensureDeliveryTables(wh);
    expect(await wh.one("SELECT count(*) FILTER (WHERE in_doubt)::INT AS n FROM destination_state")).toEqual({ n: 0 });
  });
});
