import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../src/config/config.js";
import { Warehouse } from "../src/db/warehouse.js";
import { syncSegment } from "../src/delivery/sync-segment.js";
import { EVERYONE_SEGMENT, seedSyntheticMembers } from "../test/helpers/synthetic-members.js";
import { shapeQuery } from "./export-shapes.js";
import { parseSegmentDefinition } from "./load-segments.js";
import { runSegment } from "./run-segment.js";

/** Three synthetic members C0001..C0003 with cards K0001..K0003, no control group, offer X1 for 7 days from 2026-11-01. */
const definition = parseSegmentDefinition(EVERYONE_SEGMENT);
const settings = parseConfig({}).segments;
let wh: Warehouse;
let outbox: string;

const run = async (sql = "") => {
  if (sql) await wh.exec(sql);
  return (await runSegment(wh, definition, settings)).runId;
};
const deliver = (runId: number) =>
  syncSegment(wh, {
    destinationName: "pos", destination: { type: "folder", path: outbox, shape: "pos", format: "csv", delimiter: ";", segments: [] },
    segment: "everyone", campaign: "everyone", runId,
  });

beforeEach(async () => {
  wh = await Warehouse.open(":memory:");
  await seedSyntheticMembers(wh, 3);
  outbox = mkdtempSync(join(tmpdir(), "loyalty-enrol-"));
});
afterEach(async () => {
  await wh.close();
  rmSync(outbox, { recursive: true, force: true });
});

describe("the till's list and campaign enrolment", () => {
  it("a member whose offer came from a run that was never delivered is on the till's list and enrolled when a later run is", async () => {
    await run(); // run 1: everyone, never delivered (say that night's sync failed)
    // next day C0002 has left the segment; its offer from run 1 runs to 11-07
    const second = await run("UPDATE mart_customer_features SET as_of = DATE '2026-11-01'; UPDATE mart_customer_features SET frequency = -1 WHERE customer_id = 'C0002'");
    expect(await wh.all(`SELECT card_number, valid_to::VARCHAR AS valid_to FROM (${shapeQuery("pos", second)})`)).toEqual([
      { card_number: "K0001", valid_to: "2026-11-07" },
      { card_number: "K0002", valid_to: "2026-11-07" },
      { card_number: "K0003", valid_to: "2026-11-07" },
    ]);
    expect((await deliver(second)).status).toBe("ok");
    expect(await wh.all("SELECT customer_id, arm, start_date::VARCHAR AS start_date, end_date::VARCHAR AS end_date FROM campaign_enrolments ORDER BY customer_id")).toEqual([
      { customer_id: "C0001", arm: "target", start_date: "2026-11-01", end_date: "2026-11-07" },
      { customer_id: "C0002", arm: "target", start_date: "2026-11-01", end_date: "2026-11-07" },
      { customer_id: "C0003", arm: "target", start_date: "2026-11-01", end_date: "2026-11-07" },
    ]);
    // a second delivery enrols nobody twice
    await deliver(await run());
    expect(await wh.one("SELECT count(*)::INT AS n FROM campaign_enrolments")).toEqual({ n: 3 });
  });

  it("a member whose card was replaced has the offer on the new card only", async () => {
    await run();
    const second = await run("UPDATE mart_customer_features SET card_number = 'K9002' WHERE customer_id = 'C0002'");
    expect((await wh.all<{ card_number: string }>(shapeQuery("pos", second))).map((r) => r.card_number)).toEqual(["K0001", "K0003", "K9002"]);
  });
});
