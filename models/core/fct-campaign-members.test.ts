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

/**
 * A campaigns feed whose members are named by card only, and one whose members are named by
 * customer id while no cards feed links receipts to customers. Campaign "C1" (2026-11-01..10, no
 * after-window days): target cards K1, K2, control cards K3, K4; K1 and K3 buy in the window.
 */
describe("campaign members of the feed, by card or by customer", () => {
  const feedConfig = parseConfig({ models: { campaigns: { afterWindowDays: 0 } } });
  let w: Awaited<ReturnType<typeof tempWarehouse>>;
  const cardBuy = (id: string, card: string) => ({ store_id: "S1", receipt_id: id, receipt_at: "2026-11-05 12:00", card_number: card, total: 100, is_return: false });
  const buildFeed = () => buildModels(w.wh, selectModels(MODELS, "+mart_campaign_results"), { asOf: "2026-11-30", params: feedConfig.models }, { full: true });

  beforeAll(async () => {
    w = await tempWarehouse();
    await seed(w.wh, "stg_stores", [{ store_id: "S1", name: "a", city: "Москва" }]);
    await seed(w.wh, "stg_campaigns", [{ campaign_id: "C1", name: "Осень", start_date: "2026-11-01", end_date: "2026-11-10" }]);
    await seed(w.wh, "stg_receipts", [cardBuy("B1", "K1"), cardBuy("B3", "K3"), { ...cardBuy("B0", "K2"), receipt_at: "2026-10-01 12:00" }]);
  });
  afterAll(() => w.cleanup());

  it("matches members named by card to the purchases on their card, without a cards feed", async () => {
    await seed(w.wh, "stg_campaign_members", [["K1", "target"], ["K2", "target"], ["K3", "control"], ["K4", "control"]].map(([card, arm]) => ({ campaign_id: "C1", card_number: card, arm })));
    const results = await buildFeed();
    expect(await w.wh.all("SELECT member_id, customer_id, card_number, arm FROM fct_campaign_members ORDER BY member_id")).toEqual([
      { member_id: "card:K1", customer_id: null, card_number: "K1", arm: "target" },
      { member_id: "card:K2", customer_id: null, card_number: "K2", arm: "target" },
      { member_id: "card:K3", customer_id: null, card_number: "K3", arm: "control" },
      { member_id: "card:K4", customer_id: null, card_number: "K4", arm: "control" },
    ]);
    expect(await w.wh.one("SELECT measurable, response_rate_target, response_rate_control FROM mart_campaign_results")).toEqual({ measurable: true, response_rate_target: 0.5, response_rate_control: 0.5 });
    expect(results.find((r) => r.model === "mart_campaign_results")?.warning).toBeUndefined();
  });

  it("with members by customer id and no card linking receipts to customers, says the campaign cannot be measured instead of showing 0 %", async () => {
    await w.wh.exec("DELETE FROM stg_campaign_members");
    await seed(w.wh, "stg_campaign_members", [["U1", "target"], ["U2", "target"], ["U3", "control"], ["U4", "control"]].map(([customer, arm]) => ({ campaign_id: "C1", customer_id: customer, arm })));
    const results = await buildFeed();
    expect(await w.wh.one("SELECT measurable, verdict, response_rate_target FROM mart_campaign_results")).toEqual({
      measurable: false,
      verdict: "not measurable: no member can be linked to a purchase (members by customer id, receipts by card: is the cards feed loaded?)",
      response_rate_target: null,
    });
    expect(results.find((r) => r.model === "mart_campaign_results")?.warning).toBe(
      "campaign(s) C1: no member can be linked to a purchase (members by customer id, receipts by card: is the cards feed loaded?)",
    );
    // once the cards arrive, the same members are matched through them
    await seed(w.wh, "stg_cards", [1, 2, 3, 4].map((i) => ({ card_number: `K${i}`, customer_id: `U${i}`, issued_at: "2025-01-01 10:00" })));
    await buildFeed();
    expect(await w.wh.one("SELECT measurable, response_rate_target, response_rate_control FROM mart_campaign_results")).toEqual({ measurable: true, response_rate_target: 0.5, response_rate_control: 0.5 });
  });
});
