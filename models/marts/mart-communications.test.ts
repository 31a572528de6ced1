import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/config.js";
import { seedTinyChain } from "../../test/fixtures/tiny-chain.js";
import { seed } from "../../test/helpers/seed-staging.js";
import { tempWarehouse } from "../../test/helpers/temp-warehouse.js";
import { buildModels, selectModels } from "../build-models.js";
import { MODELS } from "../registry.js";

let t: Awaited<ReturnType<typeof tempWarehouse>>;

// The tiny chain's October: C1 bought on the 1st (R2) and 7th (R6), C2 on the 5th (R4, paid 50 with
// bonuses, and returned part on the 6th), C3 not at all. Campaign W ran 1–10 October as a cascade.
beforeAll(async () => {
  t = await tempWarehouse();
  await seedTinyChain(t.wh);
  await seed(t.wh, "stg_campaigns", [{ campaign_id: "W", name: "Осень", mechanic: "bonus", channel: "cascade", start_date: "2026-10-01", end_date: "2026-10-10" }]);
  const message = (message_id: string, customer_id: string, channel: string, sent_at: string, extra: Record<string, string | number | boolean | null>) =>
    ({ message_id, customer_id, channel, sent_at, campaign_id: "W", ...extra });
  await seed(t.wh, "stg_messages", [
    message("M1", "C1", "sms", "2026-10-01 08:00", { delivered: true, cost: 3 }), // C1 bought that day: responded
    message("M2", "C2", "push", "2026-10-03 09:00", { delivered: true, opened_at: "2026-10-03 09:05", clicked_at: "2026-10-03 09:06", cost: 0 }), // C2 bought on the 5th
    message("M3", "C3", "email", "2026-10-03 09:00", { delivered: false, cost: 0.1 }), // C3 never bought
    message("M4", "C2", "email", "2026-10-04 09:00", { delivered: true, opened_at: "2026-10-04 12:00", cost: 0.1 }), // C2 again, bought on the 5th
    message("M5", "C1", "sms", "2026-09-20 08:00", { campaign_id: null, delivered: true, cost: 3 }), // outside any campaign
  ]);
  for (const mart of ["+mart_communications", "+mart_bonus_use"]) await buildModels(t.wh, selectModels(MODELS, mart), { asOf: "2026-10-31", params: parseConfig({}).models });
});
afterAll(() => t.cleanup());

const row = (channel: string, month = "2026-10-01", campaign = "W") =>
  t.wh.one(`SELECT * EXCLUDE (period_start, channel) FROM mart_communications WHERE period_start = DATE '${month}' AND channel = '${channel}' AND campaign_id = '${campaign}'`);

describe("mart_communications", () => {
  it("counts an SMS that was delivered and answered: no open rate (SMS reports no openings), 3 ₽ per responder", async () => {
    expect(await row("sms")).toEqual({
      campaign_id: "W", sent: 1, delivered: 1, opened: 0, clicked: 0, delivery_rate: 1, open_rate: null, click_rate: null,
      cost: 3, cost_per_delivered: 3, recipients: 1, responders: 1, response_rate: 1, cost_per_responder: 3,
      campaign_share: 0.25, sms_equivalent_cost: 3, saving_vs_sms: 0, // the average SMS price in the data: (3 + 3) / 2
    });
  });

  it("counts e-mails: one of two delivered, opened but not clicked, one of two recipients bought", async () => {
    const email = await row("email");
    expect(email).toMatchObject({ sent: 2, delivered: 1, opened: 1, clicked: 0, delivery_rate: 0.5, open_rate: 1, click_rate: 0, recipients: 2, responders: 1, response_rate: 0.5, campaign_share: 0.5, sms_equivalent_cost: 6 });
    expect(email.cost).toBeCloseTo(0.2, 12);
    expect(email.cost_per_delivered).toBeCloseTo(0.2, 12);
    expect(email.cost_per_responder).toBeCloseTo(0.2, 12);
  });

  it("counts a free push: opened and clicked, responded, costs nothing per responder", async () => {
    expect(await row("push")).toMatchObject({ sent: 1, delivered: 1, open_rate: 1, click_rate: 1, cost: 0, responders: 1, response_rate: 1, cost_per_responder: 0, campaign_share: 0.25 });
  });

  it("leaves the response of a message outside any campaign empty: there is no window to answer in", async () => {
    expect(await row("sms", "2026-09-01", "(none)")).toMatchObject({ campaign_id: "(none)", sent: 1, delivered: 1, cost: 3, recipients: null, responders: null, response_rate: null, campaign_share: null });
  });

  it("sums each channel's month over campaigns and none, and takes its rates from the sums", async () => {
    // September's SMS was outside any campaign: its month is that message alone, with no response
    expect(await row("sms", "2026-09-01", "(all)")).toMatchObject({ sent: 1, delivered: 1, cost: 3, recipients: null, response_rate: null, campaign_share: null });
    // October's e-mails were all W's: the same figures
    expect(await row("email", "2026-10-01", "(all)")).toMatchObject({ sent: 2, delivered: 1, delivery_rate: 0.5, open_rate: 1, recipients: 2, responders: 1, response_rate: 0.5, campaign_share: null });
  });

  it("says what the cascade saved against sending all four messages by SMS: 4 × 3 − 3.2 = 8.8", async () => {
    const { saved } = await t.wh.one<{ saved: number }>("SELECT sum(saving_vs_sms) AS saved FROM mart_communications WHERE campaign_id = 'W'");
    expect(saved).toBeCloseTo(8.8, 12);
  });
});

describe("mart_bonus_use", () => {
  it("finds one of October's two active members paying with bonuses (C2), none before; by stage at the month's end", async () => {
    expect(await t.wh.all("SELECT period_start::VARCHAR AS m, active_members, bonus_payers, bonus_payer_share FROM mart_bonus_use WHERE scope = 'chain' ORDER BY 1")).toEqual([
      { m: "2025-10-01", active_members: 1, bonus_payers: 0, bonus_payer_share: 0 },
      { m: "2026-08-01", active_members: 1, bonus_payers: 0, bonus_payer_share: 0 },
      { m: "2026-09-01", active_members: 1, bonus_payers: 0, bonus_payer_share: 0 },
      { m: "2026-10-01", active_members: 2, bonus_payers: 1, bonus_payer_share: 0.5 },
    ]);
    // at 31 October C1 is developing and C2 new (mart_cvm_stage's tests work both out)
    expect(await t.wh.all("SELECT scope_id, active_members, bonus_payers FROM mart_bonus_use WHERE scope = 'cvm_stage' AND period_start = DATE '2026-10-01' ORDER BY 1")).toEqual([
      { scope_id: "developing", active_members: 1, bonus_payers: 0 },
      { scope_id: "new", active_members: 1, bonus_payers: 1 },
    ]);
  });
});
