import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/config.js";
import { seed } from "../../test/helpers/seed-staging.js";
import { tempWarehouse } from "../../test/helpers/temp-warehouse.js";
import { buildModels, selectModels } from "../build-models.js";
import { MODELS } from "../registry.js";

type Warehouse = Awaited<ReturnType<typeof tempWarehouse>>;

/**
 * Three months of a programme, worked by hand (build date 2026-10-31, money windows 5 days after a
 * campaign, a point worth 0.50, margin 20 %, an estimated incremental share of 10 %):
 *
 * August, no campaign. N1 buys 300 (discount 30, R1) and earns 60 points; an anonymous buyer's 1000
 * (discount 100) is not a member's. An SMS to N1 outside any campaign (3).
 * September. Campaign W, 26–30 September (money window to 5 October): target A1, A2, control B1, B2,
 * an SMS each to A1 and A2 on the 26th (3 + 3), both delivered, and a 200-point coupon each. A1 buys
 * 400 on the 28th (R3), redeeming the coupon: its 200 points are credited on the receipt with the
 * 40 the purchase earned (one accrual of 240), and pays 100 of it in points. A2 buys 100 on the 29th
 * (discount 20, R4).
 * October. B1 (control) buys 100 on the 2nd (R5); A2 buys 100 on the 3rd (R6: after W's last day,
 * inside its money window) and earns 30 points. Campaign V (18–25 October, no control group) sends
 * N1 an SMS (3) that is not delivered; N1 buys 500 on the 20th (discount 40, 50 paid in points, R7)
 * and returns 100 of it on the 22nd (discount 10, R8). 20 of N1's points expire on the 31st.
 *
 * Liability at month ends: 60; 60 + 240 − 100 = 200; 200 + 30 − 50 − 20 = 160.
 * W against its control: target (400 + 200) / 2 = 300 a member, control 100 / 2 = 50: incremental
 * revenue 250 × 2 = 500, margin 100, over 10 days (26 September – 5 October), 5 in each month: 50 + 50.
 */
async function seedProgramme(t: Warehouse): Promise<void> {
  await seed(t.wh, "stg_stores", [{ store_id: "S1", name: "Тверская", city: "Москва" }]);
  await seed(t.wh, "stg_cards", ["A1", "A2", "B1", "B2", "N1"].map((m) => ({ card_number: `K${m}`, customer_id: m, issued_at: "2026-01-01 10:00" })));
  const receipt = (receipt_id: string, day: string, member: string | null, total: number, extra: Record<string, string | number | boolean> = {}) =>
    ({ store_id: "S1", receipt_id, receipt_at: `${day} 12:00`, card_number: member && `K${member}`, total, is_return: false, ...extra });
  await seed(t.wh, "stg_receipts", [
    receipt("R1", "2026-08-10", "N1", 300, { discount: 30, bonus_earned: 60 }),
    receipt("R2", "2026-08-11", null, 1000, { discount: 100 }),
    receipt("R3", "2026-09-28", "A1", 400, { bonus_earned: 240, bonus_spent: 100 }),
    receipt("R4", "2026-09-29", "A2", 100, { discount: 20 }),
    receipt("R5", "2026-10-02", "B1", 100),
    receipt("R6", "2026-10-03", "A2", 100, { bonus_earned: 30 }),
    receipt("R7", "2026-10-20", "N1", 500, { discount: 40, bonus_spent: 50 }),
    receipt("R8", "2026-10-22", "N1", 100, { discount: 10, is_return: true, original_receipt_id: "R7" }),
  ]);
  const entry = (entry_id: string, member: string, at: string, kind: string, points: number, receipt_id: string | null = null) =>
    ({ entry_id, card_number: `K${member}`, entry_at: at, kind, points, store_id: "S1", receipt_id });
  await seed(t.wh, "stg_bonus_ledger", [
    entry("E1", "N1", "2026-08-10 12:00", "accrual", 60, "R1"),
    entry("E2", "A1", "2026-09-28 12:00", "accrual", 240, "R3"), // 40 earned + the coupon's 200
    entry("E3", "A1", "2026-09-28 12:00", "redemption", 100, "R3"),
    entry("E4", "A2", "2026-10-03 12:00", "accrual", 30, "R6"),
    entry("E5", "N1", "2026-10-20 12:00", "redemption", 50, "R7"),
    entry("E6", "N1", "2026-10-31 23:00", "expiry", 20),
  ]);
  await seed(t.wh, "stg_coupons", [
    { coupon_id: "CP1", card_number: "KA1", campaign_id: "W", issued_at: "2026-09-26 09:00", valid_to: "2026-09-30", redeemed_at: "2026-09-28 12:00", store_id: "S1", receipt_id: "R3", value: 200 },
    { coupon_id: "CP2", card_number: "KA2", campaign_id: "W", issued_at: "2026-09-26 09:00", valid_to: "2026-09-30", value: 200 },
  ]);
  await seed(t.wh, "stg_campaigns", [
    { campaign_id: "W", name: "Осенние баллы", mechanic: "gift", channel: "sms", start_date: "2026-09-26", end_date: "2026-09-30" },
    { campaign_id: "V", name: "Без контроля", mechanic: "gift", channel: "sms", start_date: "2026-10-18", end_date: "2026-10-25" },
  ]);
  await seed(t.wh, "stg_campaign_members", [
    ...["A1", "A2"].map((m) => ({ campaign_id: "W", customer_id: m, arm: "target" })),
    ...["B1", "B2"].map((m) => ({ campaign_id: "W", customer_id: m, arm: "control" })),
    { campaign_id: "V", customer_id: "N1", arm: "target" },
  ]);
  const sms = (message_id: string, customer_id: string, campaign_id: string | null, sent_at: string, delivered: boolean) =>
    ({ message_id, customer_id, campaign_id, channel: "sms", sent_at, delivered, cost: 3 });
  await seed(t.wh, "stg_messages", [
    sms("M1", "N1", null, "2026-08-09 10:00", true),
    sms("M2", "A1", "W", "2026-09-26 10:00", true),
    sms("M3", "A2", "W", "2026-09-26 10:00", true),
    sms("M4", "N1", "V", "2026-10-18 10:00", false),
  ]);
}

async function built(models: Record<string, unknown>): Promise<Warehouse> {
  const t = await tempWarehouse();
  await seedProgramme(t);
  await buildModels(t.wh, selectModels(MODELS, "+mart_programme_payback"), { asOf: "2026-10-31", params: parseConfig({ models }).models });
  return t;
}

const months = (t: Warehouse) => t.wh.all<Record<string, unknown>>("SELECT * REPLACE (period_start::VARCHAR AS period_start) FROM mart_programme_payback ORDER BY period_start");

describe("mart_programme_payback with a point value, a margin rate and an estimated share", () => {
  let t: Warehouse;
  beforeAll(async () => {
    t = await built({ bonus: { pointValue: 0.5 }, campaigns: { marginRate: 0.2, afterWindowDays: 5 }, payback: { estimatedIncrementalShare: 0.1 } });
  });
  afterAll(() => t.cleanup());

  it("costs each month: points redeemed and the liability change at 0.50 a point, members' discounts net of returns, messages", async () => {
    const rows = await months(t);
    expect(rows.map((r) => r.period_start)).toEqual(["2026-08-01", "2026-09-01", "2026-10-01"]);
    expect(rows.map(({ period_start, point_value, points_redeemed, redeemed_value, liability_points, liability_change_points, liability_change_value, member_discounts, message_cost, coupons_redeemed, cost }) =>
      ({ period_start, point_value, points_redeemed, redeemed_value, liability_points, liability_change_points, liability_change_value, member_discounts, message_cost, coupons_redeemed, cost }))).toEqual([
      // 0 + 60 × 0.5 + 30 (R1; the anonymous R2's 100 is not a member's) + 3 = 63
      { period_start: "2026-08-01", point_value: 0.5, points_redeemed: 0, redeemed_value: 0, liability_points: 60, liability_change_points: 60, liability_change_value: 30,
        member_discounts: 30, message_cost: 3, coupons_redeemed: 0, cost: 63 },
      // 100 × 0.5 + 140 × 0.5 + 20 + 6 = 146: the 240 points granted, the coupon's 200 among them, cost 120 once
      { period_start: "2026-09-01", point_value: 0.5, points_redeemed: 100, redeemed_value: 50, liability_points: 200, liability_change_points: 140, liability_change_value: 70,
        member_discounts: 20, message_cost: 6, coupons_redeemed: 1, cost: 146 },
      // 50 × 0.5 − 40 × 0.5 + (40 − 10) + 3 = 38: the liability fell, by more than was redeemed (20 expired)
      { period_start: "2026-10-01", point_value: 0.5, points_redeemed: 50, redeemed_value: 25, liability_points: 160, liability_change_points: -40, liability_change_value: -20,
        member_discounts: 30, message_cost: 3, coupons_redeemed: 0, cost: 38 },
    ]);
  });

  it("counts a redeemed coupon once, as the points it credited, not again at its face value (which would make September 246)", async () => {
    const { cost, coupons_redeemed } = (await months(t))[1];
    expect({ cost, coupons_redeemed }).toEqual({ cost: 146, coupons_redeemed: 1 });
  });

  it("gives each month its days' share of W's measured margin, and a month with no campaign a measured 0", async () => {
    expect((await months(t)).map(({ period_start, measured_campaigns, measured_provisional, incremental_margin_measured, net_measured }) =>
      ({ period_start, measured_campaigns, measured_provisional, incremental_margin_measured, net_measured }))).toEqual([
      { period_start: "2026-08-01", measured_campaigns: 0, measured_provisional: false, incremental_margin_measured: 0, net_measured: -63 },
      { period_start: "2026-09-01", measured_campaigns: 1, measured_provisional: false, incremental_margin_measured: 50, net_measured: -96 }, // 5 of 10 days × 100
      // V has no control group: it measures nothing
      { period_start: "2026-10-01", measured_campaigns: 1, measured_provisional: false, incremental_margin_measured: 50, net_measured: 12 },
    ]);
  });

  it("estimates 10 % × 20 % of members' revenue outside W's target windows, apart from the measured margin", async () => {
    const rows = await months(t);
    // August: R1 300 → 6. September: R3 and R4 are A1's and A2's, inside W's window → 0.
    // October: B1's 100 (the control group is not measured for itself) + N1's 500 − 100; A2's R6 is inside W's window → 500 → 10
    expect(rows.map((r) => r.incremental_margin_estimated)).toEqual([expect.closeTo(6, 9), 0, expect.closeTo(10, 9)]);
    expect(rows.map((r) => r.net_with_estimate)).toEqual([expect.closeTo(-57, 9), -96, expect.closeTo(22, 9)]);
  });

  it("finds revenue paid partly with points, and of members reached by a delivered campaign message inside its window", async () => {
    expect((await months(t)).map(({ period_start, members_sales_revenue, bonus_paid_revenue, reached_revenue }) => ({ period_start, members_sales_revenue, bonus_paid_revenue, reached_revenue }))).toEqual([
      // N1's August SMS was outside any campaign: no window, no reach
      { period_start: "2026-08-01", members_sales_revenue: 300, bonus_paid_revenue: 0, reached_revenue: 0 },
      // R3 (A1, paid 100 in points) and R4 (A2), both within W's 26–30 September after a delivered SMS
      { period_start: "2026-09-01", members_sales_revenue: 500, bonus_paid_revenue: 400, reached_revenue: 500 },
      // R5 + R6 + R7 (the return is not a sale); R6 came after W's last day, R7 after V's undelivered SMS
      { period_start: "2026-10-01", members_sales_revenue: 700, bonus_paid_revenue: 500, reached_revenue: 0 },
    ]);
  });
});

describe("mart_programme_payback without a point value, a margin rate or an estimate", () => {
  let t: Warehouse;
  beforeAll(async () => {
    t = await built({ campaigns: { afterWindowDays: 5 } });
  });
  afterAll(() => t.cleanup());

  it("keeps the points as points and leaves every money figure built on them, and the nets, empty", async () => {
    expect((await months(t)).map(({ period_start, point_value, points_redeemed, redeemed_value, liability_change_points, liability_change_value, member_discounts, message_cost, cost, net_measured, net_with_estimate }) =>
      ({ period_start, point_value, points_redeemed, redeemed_value, liability_change_points, liability_change_value, member_discounts, message_cost, cost, net_measured, net_with_estimate }))).toEqual([
      { period_start: "2026-08-01", point_value: null, points_redeemed: 0, redeemed_value: null, liability_change_points: 60, liability_change_value: null,
        member_discounts: 30, message_cost: 3, cost: null, net_measured: null, net_with_estimate: null },
      { period_start: "2026-09-01", point_value: null, points_redeemed: 100, redeemed_value: null, liability_change_points: 140, liability_change_value: null,
        member_discounts: 20, message_cost: 6, cost: null, net_measured: null, net_with_estimate: null },
      { period_start: "2026-10-01", point_value: null, points_redeemed: 50, redeemed_value: null, liability_change_points: -40, liability_change_value: null,
        member_discounts: 30, message_cost: 3, cost: null, net_measured: null, net_with_estimate: null },
    ]);
  });

  it("tells a month nothing measured (0) from one whose measured campaign has no margin (unknown), and makes no estimate", async () => {
    expect((await months(t)).map(({ measured_campaigns, incremental_margin_measured, incremental_margin_estimated }) => ({ measured_campaigns, incremental_margin_measured, incremental_margin_estimated }))).toEqual([
      { measured_campaigns: 0, incremental_margin_measured: 0, incremental_margin_estimated: null },
      { measured_campaigns: 1, incremental_margin_measured: null, incremental_margin_estimated: null },
      { measured_campaigns: 1, incremental_margin_measured: null, incremental_margin_estimated: null },
    ]);
  });
});
