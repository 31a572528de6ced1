import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseSegmentDefinition } from "../../segments/load-segments.js";
import { runSegment } from "../../segments/run-segment.js";
import { parseConfig, type Config } from "../config/config.js";
import { Warehouse } from "../db/warehouse.js";
import { startFakeDestination, type FakeDestination, type ReceivedRequest } from "../../test/helpers/fake-destination.js";
import { EVERYONE_SEGMENT, seedSyntheticMembers } from "../../test/helpers/synthetic-members.js";
import { syncDestination } from "./sync-destination.js";

const MEMBERS = 1000;
const BATCH = 100;
const definition = parseSegmentDefinition(EVERYONE_SEGMENT);

let dir: string;
let fake: FakeDestination;

/** Every member id in accepted upsert batches, with repeats. */
const upsertedIds = (applied: ReceivedRequest[]) => applied.filter((r) => r.body.action === "upsert").flatMap((r) => r.body.members.map((m: { customer_id: string }) => m.customer_id));

function configFor(warehouse: string): Config {
  return parseConfig({
    warehouse,
    segments: { dir },
    destinations: { mailer: { type: "http", url: fake.url, segments: ["everyone"], batchSize: BATCH, backoffMs: 5, maxBackoffMs: 20, timeoutMs: 400, retries: 6, authEnv: "TEST_MAILER_TOKEN" } },
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "loyalty-sync-"));
  writeFileSync(join(dir, "everyone.json"), JSON.stringify(EVERYONE_SEGMENT));
  process.env.TEST_MAILER_TOKEN = "Bearer s3cret";
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(async () => {
  fake = await startFakeDestination();
});
afterEach(() => fake.close());

describe("HTTP sync with faults", () => {
  let wh: Warehouse;
  let config: Config;
  beforeEach(async () => {
    wh = await Warehouse.open(":memory:");
    await seedSyntheticMembers(wh, MEMBERS);
    config = configFor(":memory:");
  });
  afterEach(() => wh.close());

  it("delivers every member exactly once through 500s, a timeout, 429 Retry-After, resets and lost confirmations", async () => {
    fake.failNext(
      { kind: "status", status: 500 },
      { kind: "timeout" },
      { kind: "retry-after", seconds: 1 },
      { kind: "reset" },
      { kind: "apply-then-reset" },
      { kind: "status", status: 503 },
    );
    const [result] = await syncDestination(wh, config, "mailer");
    expect(result).toMatchObject({ status: "ok", plannedUpserts: MEMBERS, sentUpserts: MEMBERS, sentRemoves: 0, failed: 0, batches: MEMBERS / BATCH });
    const ids = upsertedIds(fake.applied);
    expect(ids).toHaveLength(MEMBERS);
    expect(new Set(ids).size).toBe(MEMBERS);
    // 10 batches; 6 faulted requests before the first success were retries of batch 1 (same key)
    expect(fake.requests).toHaveLength(MEMBERS / BATCH + 6);
    expect(new Set(fake.requests.map((r) => r.idempotencyKey)).size).toBe(MEMBERS / BATCH);
    expect(fake.requests[0].headers.authorization).toBe("Bearer s3cret");
    // the payload is the mailer shape: consented e-mail and personalisation
    expect(fake.held("everyone").get("C0007")).toEqual({
      customer_id: "C0007", channel: "email", contact: "c7@example.ru", first_name: "Имя7", bonus_balance: 70, offer_code: "X1", offer_text: null, valid_to: "2026-11-07",
    });
    // the log matches what arrived
    const log = await wh.all<{ status: string; members: number; attempts: number }>("SELECT status, members, attempts FROM sync_batches ORDER BY batch_no");
    expect(log.map((b) => b.members)).toEqual(Array(MEMBERS / BATCH).fill(BATCH));
    expect(log[0].attempts).toBe(7);
    expect(await wh.one("SELECT count(*)::INT AS n FROM destination_state")).toEqual({ n: MEMBERS });
  });

  it("sends only the difference next time: removed members are removed, changed ones re-sent, the rest left alone", async () => {
    await syncDestination(wh, config, "mailer");
    // 1..50 leave the segment, 51..60 get a new bonus balance
    await wh.exec("UPDATE mart_customer_features SET frequency = -1 WHERE customer_id <= 'C0050'");
    await wh.exec("UPDATE mart_customer_features SET bonus_balance = 1 WHERE customer_id BETWEEN 'C0051' AND 'C0060'");
    await runSegment(wh, definition, config.segments);
    const before = fake.applied.length;
    const [result] = await syncDestination(wh, config, "mailer");
    expect(result).toMatchObject({ status: "ok", plannedRemoves: 50, plannedUpserts: 10, sentRemoves: 50, sentUpserts: 10, batches: 2 });
    const second = fake.applied.slice(before);
    expect(second.map((r) => [r.body.action, r.body.members.length])).toEqual([["remove", 50], ["upsert", 10]]);
    expect(second[0].body.members[0]).toEqual({ customer_id: "C0001" });
    const held = fake.held("everyone");
    expect(held.size).toBe(950);
    expect(held.has("C0050")).toBe(false);
    expect(held.get("C0055")?.bonus_balance).toBe(1);
    // nothing changed → nothing sent
    const [third] = await syncDestination(wh, config, "mailer");
    expect(third).toMatchObject({ status: "ok", plannedUpserts: 0, plannedRemoves: 0, batches: 0 });
  });

  it("a destination that refuses a batch stops the sync with the batch's rows logged; the next sync sends exactly the rest", async () => {
    fake.failNext({ kind: "hook", run: () => {} }, { kind: "hook", run: () => {} }, { kind: "status", status: 400, body: "bad member" });
    const [failed] = await syncDestination(wh, config, "mailer");
    expect(failed).toMatchObject({ status: "failed", sentUpserts: 200, failed: BATCH, batches: 2 });
    expect(failed.error).toContain("400");
    const errors = await wh.all<{ member_key: string }>("SELECT member_key FROM sync_errors ORDER BY member_key");
    expect(errors.map((e) => e.member_key)).toEqual(Array.from({ length: BATCH }, (_, i) => `C${String(201 + i).padStart(4, "0")}`));
    const [resumed] = await syncDestination(wh, config, "mailer");
    expect(resumed).toMatchObject({ status: "ok", plannedUpserts: 800, sentUpserts: 800 });
    const ids = upsertedIds(fake.applied);
    expect(ids).toHaveLength(MEMBERS);
    expect(new Set(ids).size).toBe(MEMBERS);
  });

  it("a dry run sends nothing and reports the plan; a full resync sends everyone again", async () => {
    const [dry] = await syncDestination(wh, config, "mailer", { dryRun: true });
    expect(dry).toMatchObject({ status: "dry_run", plannedUpserts: MEMBERS, sentUpserts: 0 });
    expect(dry.sample?.upsert.slice(0, 2)).toEqual(["C0001", "C0002"]);
    expect(fake.requests).toHaveLength(0);
    await syncDestination(wh, config, "mailer");
    const [fullDry] = await syncDestination(wh, config, "mailer", { dryRun: true, full: true });
    expect(fullDry).toMatchObject({ status: "dry_run", plannedUpserts: MEMBERS });
    const [full] = await syncDestination(wh, config, "mailer", { full: true });
    expect(full).toMatchObject({ status: "ok", sentUpserts: MEMBERS });
    expect(fake.applied).toHaveLength(2 * (MEMBERS / BATCH));
    expect(await wh.one("SELECT count(*)::INT AS n FROM destination_state")).toEqual({ n: MEMBERS });
  });

  it("members who stay in the segment the next day keep their offer and are not sent again", async () => {
    await syncDestination(wh, config, "mailer");
    await wh.exec("UPDATE mart_customer_features SET as_of = DATE '2026-11-01'");
    const run = await runSegment(wh, definition, config.segments);
    expect(await wh.all("SELECT DISTINCT valid_from::VARCHAR AS f, valid_to::VARCHAR AS t FROM segment_members WHERE run_id = $1", [run.runId])).toEqual([{ f: "2026-11-01", t: "2026-11-07" }]);
    const [next] = await syncDestination(wh, config, "mailer");
    expect(next).toMatchObject({ status: "ok", plannedUpserts: 0, plannedRemoves: 0 });
  });

  it("a member who leaves, returns and leaves again is removed both times (a new key for every batch)", async () => {
    await syncDestination(wh, config, "mailer");
    const leave = async (frequency: number) => {
      await wh.exec(`UPDATE mart_customer_features SET frequency = ${frequency} WHERE customer_id = 'C0009'`);
      await runSegment(wh, definition, config.segments);
      return (await syncDestination(wh, config, "mailer"))[0];
    };
    expect(await leave(-1)).toMatchObject({ sentRemoves: 1 });
    expect(await leave(9)).toMatchObject({ sentUpserts: 1 });
    expect(await leave(-1)).toMatchObject({ sentRemoves: 1 });
    const removals = fake.applied.filter((r) => r.body.action === "remove");
    expect(removals).toHaveLength(2);
    expect(fake.held("everyone").has("C0009")).toBe(false);
  });

  it("after syncs that failed part-way, a member who leaves, returns and leaves again is still removed", async () => {
    const small = parseConfig({ ...config, destinations: { mailer: { ...config.destinations.mailer, batchSize: 1 } } });
    const pass = { kind: "hook" as const, run: () => {} };
    const refuse = { kind: "status" as const, status: 400 };
    const night = async (sql: string, ...faults: Parameters<FakeDestination["failNext"]>) => {
      await wh.exec(sql);
      await runSegment(wh, definition, small.segments);
      fake.failNext(...faults);
      return (await syncDestination(wh, small, "mailer"))[0];
    };
    await wh.exec("DELETE FROM mart_customer_features WHERE customer_id > 'C0010'");
    await syncDestination(wh, small, "mailer");
    // C0001 leaves (its removal is confirmed), C0005 changes (refused): the sync fails
    expect(await night("UPDATE mart_customer_features SET frequency = -1 WHERE customer_id = 'C0001'; UPDATE mart_customer_features SET bonus_balance = 1 WHERE customer_id = 'C0005'", pass, refuse))
      .toMatchObject({ status: "failed", sentRemoves: 1 });
    // C0001 returns (confirmed), C0006 changes (refused): fails again
    expect(await night("UPDATE mart_customer_features SET frequency = 1 WHERE customer_id = 'C0001'; UPDATE mart_customer_features SET bonus_balance = 2 WHERE customer_id = 'C0006'", pass, pass, refuse))
      .toMatchObject({ status: "failed" });
    // C0001 leaves again: the same removal as on the first night, which the destination must apply
    expect(await night("UPDATE mart_customer_features SET frequency = -1 WHERE customer_id = 'C0001'")).toMatchObject({ status: "ok", sentRemoves: 1 });
    const held = fake.held("everyone");
    expect(held.has("C0001")).toBe(false);
    expect([...held.keys()].sort()).toEqual(["C0002", "C0003", "C0004", "C0005", "C0006", "C0007", "C0008", "C0009", "C0010"]);
    expect(held.get("C0005")?.bonus_balance).toBe(1);
    expect(held.get("C0006")?.bonus_balance).toBe(2);
  });

  it("a full resync after a sync that failed part-way is applied in full (no batch taken for a repeat)", async () => {
    await syncDestination(wh, config, "mailer");
    await wh.exec("UPDATE mart_customer_features SET bonus_balance = bonus_balance + 1");
    await runSegment(wh, definition, config.segments);
    fake.failNext({ kind: "hook", run: () => {} }, { kind: "hook", run: () => {} }, { kind: "status", status: 400 });
    expect((await syncDestination(wh, config, "mailer"))[0]).toMatchObject({ status: "failed", sentUpserts: 200 });
    const before = fake.applied.length;
    const [full] = await syncDestination(wh, config, "mailer", { full: true });
    expect(full).toMatchObject({ status: "ok", sentUpserts: MEMBERS });
    expect(fake.applied.length - before).toBe(MEMBERS / BATCH);
  });

  it("a stop between batches finishes the batch in flight, logs the sync cancelled, and the next sync sends the rest", async () => {
    const stop = new AbortController();
    fake.failNext({ kind: "hook", run: () => {} }, { kind: "hook", run: () => stop.abort() });
    const [cancelled] = await syncDestination(wh, config, "mailer", { signal: stop.signal });
    expect(cancelled).toMatchObject({ status: "cancelled", sentUpserts: 200, batches: 2 });
    expect(await wh.one("SELECT status FROM sync_runs")).toEqual({ status: "cancelled" });
    const [rest] = await syncDestination(wh, config, "mailer");
    expect(rest).toMatchObject({ status: "ok", sentUpserts: 800 });
    expect(new Set(upsertedIds(fake.applied)).size).toBe(MEMBERS);
    expect(upsertedIds(fake.applied)).toHaveLength(MEMBERS);
  });

  it("refuses to send without the auth secret, naming the variable", async () => {
    delete process.env.TEST_MAILER_TOKEN;
    try {
      await expect(syncDestination(wh, config, "mailer")).rejects.toThrow(/TEST_MAILER_TOKEN.*not set/);
      // checked before anything else: no run was made, nothing was logged
      expect(await wh.all("SELECT table_name FROM duckdb_tables() WHERE table_name IN ('segment_runs', 'sync_runs')")).toEqual([]);
      // a dry run sends nothing, so it needs no secret
      expect((await syncDestination(wh, config, "mailer", { dryRun: true }))[0]).toMatchObject({ status: "dry_run", plannedUpserts: MEMBERS });
    } finally {
      process.env.TEST_MAILER_TOKEN = "Bearer s3cret";
    }
  });
});

describe("a sync process killed between batches", () => {
  it("is resumed by the next sync: every member arrives once, the unconfirmed batch is re-sent with the same key", async () => {
    const warehouse = join(dir, "killed.duckdb");
    const seeded = await Warehouse.open(warehouse);
    await seedSyntheticMembers(seeded, MEMBERS);
    await seeded.close();
    const configPath = join(dir, "killed.config.json");
    const config = configFor(warehouse);
    writeFileSync(configPath, JSON.stringify({ warehouse, segments: { dir }, destinations: { mailer: config.destinations.mailer } }));

    const child = spawn(process.execPath, [resolve("bin/loyalty.js"), "sync", "mailer", "--config", configPath, "--quiet"], { stdio: "ignore", env: process.env });
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on("exit", (_code, signal) => done(signal)));
    const pass = { kind: "hook" as const, run: () => {} };
    // batch 4 reaches the destination and is applied, then the process dies before it hears back
    fake.failNext(pass, pass, pass, { kind: "hook", run: () => void child.kill("SIGKILL") });
    expect(await exited).toBe("SIGKILL");
    expect(fake.applied).toHaveLength(4);

    const wh = await Warehouse.open(warehouse);
    try {
      // the operator re-runs the whole job: the segment is run again on the same data (a new run)
      await runSegment(wh, definition, config.segments);
      const [resumed] = await syncDestination(wh, config, "mailer");
      expect(resumed).toMatchObject({ status: "ok", plannedUpserts: 700, sentUpserts: 700, batches: 7 });
      // batch 4 was in doubt: sent again as it was, the same body under the same key, and applied once
      expect(fake.requests).toHaveLength(11);
      expect(fake.requests[4].idempotencyKey).toBe(fake.requests[3].idempotencyKey);
      expect(fake.requests[4].body).toEqual(fake.requests[3].body);
      expect(await wh.all("SELECT status, count(*)::INT AS n FROM sync_batches GROUP BY status ORDER BY status")).toEqual([
        { status: "confirmed", n: 10 }, { status: "settled", n: 1 },
      ]);
      const ids = upsertedIds(fake.applied);
      expect(ids).toHaveLength(MEMBERS);
      expect(new Set(ids).size).toBe(MEMBERS);
      const log = await wh.all<{ status: string; sent_upserts: number }>("SELECT status, sent_upserts FROM sync_runs ORDER BY sync_id");
      expect(log).toEqual([{ status: "interrupted", sent_upserts: 300 }, { status: "ok", sent_upserts: 700 }]);
    } finally {
      await wh.close();
    }
  });
});

describe("folder destination (POS pick-up)", () => {
  it("drops the list of valid offers as one file: leavers keep their offer until it expires, then drop out", async () => {
    const wh = await Warehouse.open(":memory:");
    try {
      await seedSyntheticMembers(wh, 5);
      const outbox = join(dir, "pos-outbox");
      const config = parseConfig({ segments: { dir }, destinations: { pos: { type: "folder", path: outbox, segments: ["everyone"] } } });
      const file = () => readFileSync(join(outbox, "everyone.csv"), "utf8");
      const [dry] = await syncDestination(wh, config, "pos", { dryRun: true });
      expect(dry).toMatchObject({ status: "dry_run", plannedUpserts: 5 });
      expect(existsSync(join(outbox, "everyone.csv"))).toBe(false);
      const [first] = await syncDestination(wh, config, "pos");
      expect(first).toMatchObject({ status: "ok", sentUpserts: 5, batches: 1 });
      // UTF-8 BOM, `;`, the POS shape only: card, offer code, validity (from the day after the data, 7 days)
      expect(file()).toBe("\uFEFFcard_number;offer_code;valid_from;valid_to\nK0001;X1;2026-11-01;2026-11-07\nK0002;X1;2026-11-01;2026-11-07\nK0003;X1;2026-11-01;2026-11-07\nK0004;X1;2026-11-01;2026-11-07\nK0005;X1;2026-11-01;2026-11-07\n");

      // next day: C0002 and C0004 leave the segment, but their offers run to 11-07; stayers keep theirs
      await wh.exec("UPDATE mart_customer_features SET as_of = DATE '2026-11-01'");
      await wh.exec("UPDATE mart_customer_features SET frequency = -1 WHERE customer_id IN ('C0002', 'C0004')");
      await runSegment(wh, definition, config.segments);
      const [second] = await syncDestination(wh, config, "pos");
      expect(second).toMatchObject({ status: "ok", sentUpserts: 0, sentRemoves: 0, batches: 0 });

      // a week on, the old offers have expired: stayers get new ones, leavers drop out
      await wh.exec("UPDATE mart_customer_features SET as_of = DATE '2026-11-07'");
      await runSegment(wh, definition, config.segments);
      const [third] = await syncDestination(wh, config, "pos");
      expect(third).toMatchObject({ status: "ok", sentUpserts: 3, sentRemoves: 2 });
      expect(file()).toBe("\uFEFFcard_number;offer_code;valid_from;valid_to\nK0001;X1;2026-11-08;2026-11-14\nK0003;X1;2026-11-08;2026-11-14\nK0005;X1;2026-11-08;2026-11-14\n");
    } finally {
      await wh.close();
    }
  });

  it("a folder it cannot write fails the sync with the path in the log, and the next sync resends", async () => {
    const wh = await Warehouse.open(":memory:");
    try {
      await seedSyntheticMembers(wh, 2);
      const blocker = join(dir, "not-a-folder");
      writeFileSync(blocker, "a file where the outbox should be");
      const config = parseConfig({ segments: { dir }, destinations: { pos: { type: "folder", path: join(blocker, "inbox"), segments: ["everyone"] } } });
      const [failed] = await syncDestination(wh, config, "pos");
      expect(failed).toMatchObject({ status: "failed", failed: 2, sentUpserts: 0 });
      expect(failed.error).toContain(`cannot write ${join(blocker, "inbox", "everyone.csv")}`);
      expect(await wh.one("SELECT status, error IS NOT NULL AS has_error FROM sync_runs")).toEqual({ status: "failed", has_error: true });
      // nothing is known to be there, but the file may have been (a write can fail after the rename)
      expect(await wh.all("SELECT member_key, in_doubt FROM destination_state ORDER BY member_key")).toEqual([
        { member_key: "K0001", in_doubt: true }, { member_key: "K0002", in_doubt: true },
      ]);
      rmSync(blocker);
      const [next] = await syncDestination(wh, config, "pos");
      expect(next).toMatchObject({ status: "ok", sentUpserts: 2, batches: 1 });
      expect(readFileSync(join(blocker, "inbox", "everyone.csv"), "utf8")).toContain("K0002;X1");
      expect(await wh.one("SELECT count(*) FILTER (WHERE NOT in_doubt)::INT AS n FROM destination_state")).toEqual({ n: 2 });
    } finally {
      await wh.close();
    }
  });
});
