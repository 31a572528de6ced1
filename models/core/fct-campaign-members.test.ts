import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSegmentDefinition } from "../../segments/load-segments.js";
import { runSegment } from "../../segments/run-segment.js";
import { parseConfig } from "../../src/config/config.js";
import { syncSegment } from "../../src/delivery/sync-segment.js";
import { seed } from "../../test/helpers/seed-staging.js";
import { tempWarehouse } from "../../test/helpers/temp-warehouse.js";
import { buildModels, selectModels } from "../build-models.js";
import { MODELS } from "../registry.js";

/**
 * The loop closed: a segment run that was delivered becomes a campaign, measured against its own
 * control group. Members M1..M4 each bought 100 on 2026-10-10. Segment "loop-test" (campaign
 * "try1", control share 0.5) takes everyone who bought; md5("try1:<id>") puts M2 (0.353) and M4
 * (0.385) in control, M1 (0.722) and M3 (0.929) in the target. The offer runs 2026-11-01..10.
 * In November M1 buys 500 on 11-03 (a response) and 100 on 11-20 (after the offer, inside the
 * 14 days of revenue measurement), M2 (control) buys 200 on 11-05.
 */
const config = parseConfig({ models: { campaigns: { afterWindowDays: 14 } } });
const definition = parseSegmentDefinition({
  name: "loop-test", title: "Петля", campaign: "try1", controlShare: 0.5, channels: ["email"],
  where: { field: "frequency", gte: 1 }, offer: { code: "L1", validDays: 10 },
});
let t: Awaited<ReturnType<typeof tempWarehouse>>;
let outbox: string;
const members = ["M1", "M2", "M3", "M4"];
// full: rows seeded straight into staging bypass the load manifest that incremental builds follow
const build = (asOf: string) => buildModels(t.wh, selectModels(MODELS), { asOf, params: config.models }, { full: true });
const sale = (id: string, member: string, day: string, total: number) => ({ store_id: "S1", receipt_id: id, receipt_at: `${day} 12:00`, card_number: `K${member}`, total, is_return: false });

beforeAll(async () => {
  t = await tempWarehouse();
  outbox = mkdtempSync(join(tmpdir(), "loyalty-loop-"));
  await seed(t.wh, "stg_stores", [{ store_id: "S1", name: "a", city: "Москва" }]);
  await seed(t.wh, "stg_customers", members.map((m) => ({ customer_id: m, email: `${m}@x.ru`, consent_email: true, registered_at: "2025-01-01 10:00" })));
  await seed(t.wh, "stg_cards", members.map((m) => ({ card_number: `K${m}`, customer_id: m, issued_at: "2025-01-01 10:00" })));
  await seed(t.wh, "stg_receipts", members.map((m, i) => sale(`R${i}`, m, "2026-10-10", 100)));
  await build("2026-10-31");
});
afterAll(async () => {
  await t.cleanup();
  rmSync(outbox, { recursive: true, force: true });
});

describe("campaigns made by segment runs", () => {
  it("a run that was never delivered is not a campaign", async () => {
    const run = await runSegment(t.wh, definition, config.segments);
    expect(run).toMatchObject({ members: 4, controlMembers: 2 });
    await build("2026-10-31");
    expect(await t.wh.all("SELECT * FROM dim_campaigns")).toEqual([]);
  });

  it("once delivered, its members are in the campaign with their arm and the offer's window, and the results are measured", async () => {
    const sync = await syncSegment(t.wh, {
      destinationName: "pos", destination: { type: "folder", path: outbox, shape: "pos", format: "csv", delimiter: ";", segments: [] },
      segment: "loop-test", campaign: "try1", runId: (await t.wh.one<{ id: number }>("SELECT max(run_id) AS id FROM segment_runs")).id,
    });
    expect(sync.status).toBe("ok");
    await seed(t.wh, "stg_receipts", [sale("N1", "M1", "2026-11-03", 500), sale("N2", "M1", "2026-11-20", 100), sale("N3", "M2", "2026-11-05", 200)]);
    await build("2026-11-30");
    expect(await t.wh.all("SELECT customer_id, arm, start_date::VARCHAR AS start_date, end_date::VARCHAR AS end_date FROM fct_campaign_members ORDER BY customer_id")).toEqual([
      { customer_id: "M1", arm: "target", start_date: "2026-11-01", end_date: "2026-11-10" },
      { customer_id: "M2", arm: "control", start_date: "2026-11-01", end_date: "2026-11-10" },
      { customer_id: "M3", arm: "target", start_date: "2026-11-01", end_date: "2026-11-10" },
      { customer_id: "M4", arm: "control", start_date: "2026-11-01", end_date: "2026-11-10" },
    ]);
    expect(await t.wh.one("SELECT campaign_id, name, mechanic, source, start_date::VARCHAR AS start_date, end_date::VARCHAR AS end_date FROM dim_campaigns")).toEqual({
      campaign_id: "try1", name: "Петля", mechanic: "segment:loop-test", source: "segment", start_date: "2026-11-01", end_date: "2026-11-10",
    });
    // response: 1 of 2 in each arm; revenue to 11-24: target (500 + 100) / 2 = 300, control 200 / 2 = 100
    expect(
      await t.wh.one(
        "SELECT target_members, control_members, response_rate_target, response_rate_control, revenue_per_member_target, revenue_per_member_control, measurable FROM mart_campaign_results WHERE campaign_id = 'try1'",
      ),
    ).toEqual({ target_members: 2, control_members: 2, response_rate_target: 0.5, response_rate_control: 0.5, revenue_per_member_target: 300, revenue_per_member_control: 100, measurable: true });
  });
});
