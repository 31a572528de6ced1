/**
 * Batches the destination applied but never confirmed (issue 14's reproductions): the warehouse
 * must count their members as possibly held, so the next successful sync leaves the destination
 * holding exactly the wanted members, whatever changed in between (the definition, consents).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseConfig, type Config } from "../config/config.js";
import { Warehouse } from "../db/warehouse.js";
import { believedState, keysOf, wantedMembers } from "../../test/helpers/destination-truth.js";
import { startFakeDestination, type Fault, type FakeDestination } from "../../test/helpers/fake-destination.js";
import { seedSyntheticMembers } from "../../test/helpers/synthetic-members.js";
import { syncDestination } from "./sync-destination.js";

const SEGMENT = "mailing";
const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `C${String(from + i).padStart(4, "0")}`);
/** Applied, and then the answer never arrives: the first attempt's socket drops, both retries too. */
const LOST_CONFIRMATION: Fault[] = [{ kind: "apply-then-reset" }, { kind: "reset" }, { kind: "reset" }];

let dir: string;
let fake: FakeDestination;
let wh: Warehouse;
let config: Config;

/** The segment's definition: members with at least `min` purchases, e-mail only, no control group. */
function defineSegment(min: number, title = "Рассылка"): void {
  writeFileSync(join(dir, `${SEGMENT}.json`), JSON.stringify({
    name: SEGMENT, title, where: { field: "frequency", gte: min }, controlShare: 0, channels: ["email"], offer: { code: "X1", validDays: 7 },
  }));
}

const sync = async (options: { full?: boolean } = {}) => (await syncDestination(wh, config, "mailer", options))[0];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "loyalty-in-doubt-"));
  process.env.TEST_MAILER_TOKEN = "Bearer s3cret";
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(async () => {
  fake = await startFakeDestination();
  wh = await Warehouse.open(":memory:");
  // 40 members: C0001…C0008 have bought 3 times, the rest 5 times
  await seedSyntheticMembers(wh, 40);
  await wh.exec("UPDATE mart_customer_features SET frequency = CASE WHEN customer_id <= 'C0008' THEN 3 ELSE 5 END");
  config = parseConfig({
    segments: { dir },
    destinations: { mailer: { type: "http", url: fake.url, segments: [SEGMENT], batchSize: 20, retries: 2, backoffMs: 1, maxBackoffMs: 2, timeoutMs: 5000, authEnv: "TEST_MAILER_TOKEN" } },
  });
});
afterEach(async () => {
  await wh.close();
  await fake.close();
});

describe("a batch applied but never confirmed (issue 14, reproduction 1)", () => {
  it("then the segment narrows (frequency >= 2 → >= 4): the next sync removes the 8 members who left", async () => {
    defineSegment(2);
    fake.failNext(...LOST_CONFIRMATION);
    expect(await sync()).toMatchObject({ status: "failed", sentUpserts: 0, failed: 20 });
    // the destination applied C0001…C0020; the warehouse knows they may be there
    expect(keysOf(fake.held(SEGMENT))).toEqual(ids(1, 20));
    expect(await believedState(wh, "mailer", SEGMENT)).toEqual({ confirmed: [], inDoubt: ids(1, 20) });
    expect(await wh.one("SELECT status, http_status, members FROM sync_batches")).toEqual({ status: "in_doubt", http_status: null, members: 20 });

    defineSegment(4);
    const next = await sync();
    // C0001…C0008 left: removed although no confirmed sync ever added them; C0009…C0020 re-sent
    expect(next).toMatchObject({ status: "ok", plannedRemoves: 8, sentRemoves: 8, plannedUpserts: 32, sentUpserts: 32 });
    const wanted = await wantedMembers(wh, SEGMENT);
    expect(wanted.size).toBe(32);
    expect(fake.held(SEGMENT)).toEqual(wanted);
    expect(await believedState(wh, "mailer", SEGMENT)).toEqual({ confirmed: ids(9, 40), inDoubt: [] });
    // the batch in doubt is settled
    expect(await wh.all("SELECT status FROM sync_batches WHERE sync_id = 1")).toEqual([{ status: "settled" }]);
  });

  it("then the segment narrows: a full resync removes them too", async () => {
    defineSegment(2);
    fake.failNext(...LOST_CONFIRMATION);
    expect(await sync()).toMatchObject({ status: "failed" });
    defineSegment(4);
    expect(await sync({ full: true })).toMatchObject({ status: "ok", sentRemoves: 8, sentUpserts: 32 });
    expect(fake.held(SEGMENT)).toEqual(await wantedMembers(wh, SEGMENT));
  });

  it("the mirror case: a removal applied but never confirmed, then the members come back: they are sent again", async () => {
    await wh.exec("UPDATE mart_customer_features SET frequency = 3 WHERE customer_id <= 'C0020'");
    defineSegment(2);
    expect(await sync()).toMatchObject({ status: "ok", sentUpserts: 40 });
    defineSegment(4);
    fake.failNext(...LOST_CONFIRMATION);
    expect(await sync()).toMatchObject({ status: "failed", plannedRemoves: 20, sentRemoves: 0 });
    expect(keysOf(fake.held(SEGMENT))).toEqual(ids(21, 40));
    expect(await believedState(wh, "mailer", SEGMENT)).toEqual({ confirmed: ids(21, 40), inDoubt: ids(1, 20) });

    defineSegment(2);
    // before: "sent 0", and 20 wanted members stayed missing
    expect(await sync()).toMatchObject({ status: "ok", plannedUpserts: 20, sentUpserts: 20, sentRemoves: 0 });
    const wanted = await wantedMembers(wh, SEGMENT);
    expect(wanted.size).toBe(40);
    expect(fake.held(SEGMENT)).toEqual(wanted);
  });

  it("a member in a batch in doubt who withdraws consent is removed by the next sync", async () => {
    defineSegment(2);
    fake.failNext(...LOST_CONFIRMATION);
    expect(await sync()).toMatchObject({ status: "failed" });
    expect(fake.held(SEGMENT).has("C0005")).toBe(true);
    await wh.exec("UPDATE stg_customers SET consent_email = false WHERE customer_id = 'C0005'");
    expect(await sync()).toMatchObject({ status: "ok", sentRemoves: 1, sentUpserts: 39 });
    expect(fake.held(SEGMENT).has("C0005")).toBe(false);
    expect(fake.held(SEGMENT)).toEqual(await wantedMembers(wh, SEGMENT));
  });
});

describe("settling a batch in doubt", () => {
  it("re-sends it as it was, under its key, when the destination never answered and nothing changed: applied once", async () => {
    defineSegment(2);
    fake.failNext(...LOST_CONFIRMATION);
    expect(await sync()).toMatchObject({ status: "failed" });
    const lost = fake.requests[0];
    const next = await sync();
    expect(next).toMatchObject({ status: "ok", sentUpserts: 40, batches: 2 });
    // the first request of the next sync is the lost batch, byte for byte, under the same key…
    const resent = fake.requests[3];
    expect(resent.idempotencyKey).toBe(lost.idempotencyKey);
    expect(resent.body).toEqual(lost.body);
    // …so the destination dropped the repeat: every member applied once
    const upserted = fake.applied.flatMap((r) => r.body.members.map((m: { customer_id: string }) => m.customer_id));
    expect(upserted.sort()).toEqual(ids(1, 40));
    expect(fake.held(SEGMENT)).toEqual(await wantedMembers(wh, SEGMENT));
  });

  it("a re-sent batch whose answer is lost again is re-sent once more with its first body, though runs were made since", async () => {
    defineSegment(2);
    fake.failNext(...LOST_CONFIRMATION);
    expect(await sync()).toMatchObject({ status: "failed" });
    // a new title makes a new run with the same members and offers (the payloads are unchanged)
    defineSegment(2, "Рассылка, вторая редакция");
    fake.failNext(...LOST_CONFIRMATION);
    expect(await sync()).toMatchObject({ status: "failed" });
    defineSegment(2, "Рассылка, третья редакция");
    expect(await sync()).toMatchObject({ status: "ok", sentUpserts: 40 });
    const first = fake.requests[0];
    const repeats = fake.requests.filter((r) => r.idempotencyKey === first.idempotencyKey);
    expect(repeats).toHaveLength(7); // three attempts in each failed sync, one in the last
    for (const r of repeats) expect(r.text).toBe(first.text);
    expect(fake.held(SEGMENT)).toEqual(await wantedMembers(wh, SEGMENT));
  });

  it("does not re-send under the same key a batch the destination answered (it may keep that answer per key)", async () => {
    defineSegment(2);
    fake.failNext({ kind: "apply-then-reset" }, { kind: "status", status: 503 }, { kind: "status", status: 503 });
    expect(await sync()).toMatchObject({ status: "failed" });
    expect(await wh.one("SELECT status, http_status FROM sync_batches")).toEqual({ status: "in_doubt", http_status: 503 });
    const lostKey = fake.requests[0].idempotencyKey;
    expect(await sync()).toMatchObject({ status: "ok", sentUpserts: 40 });
    expect(fake.requests.slice(3).map((r) => r.idempotencyKey)).not.toContain(lostKey);
    expect(fake.held(SEGMENT)).toEqual(await wantedMembers(wh, SEGMENT));
  });

  it("a member sent in a batch in doubt, then removed in another batch in doubt, then back: applied again, never dropped as a repeat", async () => {
    await wh.exec("DELETE FROM mart_customer_features WHERE customer_id > 'C0010'; DELETE FROM stg_customers WHERE customer_id > 'C0010'");
    defineSegment(2);
    fake.failNext(...LOST_CONFIRMATION);
    expect(await sync()).toMatchObject({ status: "failed" }); // upsert C0001…C0010: applied, in doubt
    defineSegment(4);
    fake.failNext(...LOST_CONFIRMATION);
    // C0001…C0008 left: their removal is applied, in doubt too; the upsert of C0009, C0010 is not sent
    expect(await sync()).toMatchObject({ status: "failed", plannedRemoves: 8 });
    expect(keysOf(fake.held(SEGMENT))).toEqual(ids(9, 10));
    defineSegment(2);
    // the same upsert as the first sync's: it must be applied, not taken for a repeat of it
    expect(await sync()).toMatchObject({ status: "ok" });
    expect(fake.held(SEGMENT)).toEqual(await wantedMembers(wh, SEGMENT));
    expect(fake.held(SEGMENT).size).toBe(10);
  });
});
