import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/config.js";
import { seed } from "../../test/helpers/seed-staging.js";
import { tempWarehouse } from "../../test/helpers/temp-warehouse.js";
import { buildModels, selectModels } from "../build-models.js";
import { MODELS } from "../registry.js";
import { parseGoal } from "./campaign-goal.js";

let t: Awaited<ReturnType<typeof tempWarehouse>>;
let built: Awaited<ReturnType<typeof buildModels>>;

/**
 * Campaign K1, 2026-10-01..07 (revenue measured to 10-21): target A1..A4, control B1..B3.
 * A1 bought 300 on 10-02, A2 200 on 10-03 and 100 on 10-15, A3 nothing, A4 400 on 10-20 (after the
 * window: revenue, not a response); B1 bought 100 on 10-05, B2 and B3 nothing. Four SMS at 3 ₽ and
 * one 50 ₽ coupon redeemed. Campaign K2 has no control group. Campaign K3, 2026-11-20..25, target A1,
 * A2 and control B1, B2: only B2 bought (999 on 11-30); its window runs to 12-09. The campaigns feed
 * says K3 cost 500 ₽, while its two SMS cost 300 ₽ each.
 */
async function seedCampaigns(t: Awaited<ReturnType<typeof tempWarehouse>>): Promise<void> {
  await seed(t.wh, "stg_stores", [{ store_id: "S1", name: "a", city: "Москва" }]);
  const members = ["A1", "A2", "A3", "A4", "B1", "B2", "B3"];
  await seed(t.wh, "stg_cards", members.map((m) => ({ card_number: `K${m}`, customer_id: m, issued_at: "2025-01-01" })));
  const sale = (id: string, member: string, day: string, total: number) => ({ store_id: "S1", receipt_id: id, receipt_at: `${day} 12:00`, card_number: `K${member}`, total, is_return: false });
  await seed(t.wh, "stg_receipts", [
    sale("R1", "A1", "2026-10-02", 300), sale("R2", "A2", "2026-10-03", 200), sale("R3", "A2", "2026-10-15", 100),
    sale("R4", "A4", "2026-10-20", 400), sale("R5", "B1", "2026-10-05", 100), sale("R6", "B2", "2026-11-30", 999),
  ]);
  await seed(t.wh, "stg_campaigns", [
    { campaign_id: "K1", name: "Осенние баллы", mechanic: "gift", channel: "sms", start_date: "2026-10-01", end_date: "2026-10-07", goal: "response_rate >= 40%" },
    { campaign_id: "K2", name: "Без контроля", mechanic: "newsletter", channel: "email", start_date: "2026-10-01", end_date: "2026-10-07", goal: "Рост частоты покупок" },
    { campaign_id: "K3", name: "Предновогодняя", mechanic: "gift", channel: "sms", start_date: "2026-11-20", end_date: "2026-11-25", cost: 500 },
  ]);
  await seed(t.wh, "stg_campaign_members", [
    ...["A1", "A2", "A3", "A4"].map((m) => ({ campaign_id: "K1", customer_id: m, arm: "target" })),
    ...["B1", "B2", "B3"].map((m) => ({ campaign_id: "K1", customer_id: m, arm: "control" })),
    ...["A1", "B1"].map((m) => ({ campaign_id: "K2", customer_id: m, arm: "target" })),
    ...["A1", "A2"].map((m) => ({ campaign_id: "K3", customer_id: m, arm: "target" })),
    ...["B1", "B2"].map((m) => ({ campaign_id: "K3", customer_id: m, arm: "control" })),
  ]);
  await seed(t.wh, "stg_messages", ["A1", "A2", "A3", "A4"].map((m) => ({ message_id: `M${m}`, campaign_id: "K1", customer_id: m, channel: "sms", sent_at: "2026-10-01 10:00", cost: 3 })));
  await seed(t.wh, "stg_messages", ["A1", "A2"].map((m) => ({ message_id: `N${m}`, campaign_id: "K3", customer_id: m, channel: "sms", sent_at: "2026-11-20 10:00", cost: 300 })));
  await seed(t.wh, "stg_coupons", [{ coupon_id: "CP1", card_number: "KA1", campaign_id: "K1", issued_at: "2026-10-01 10:00", redeemed_at: "2026-10-02 12:00", value: 50 }]);
}

beforeAll(async () => {
  t = await tempWarehouse();
  await seedCampaigns(t);
  built = await buildModels(t.wh, selectModels(MODELS), { asOf: "2026-11-30", params: parseConfig({ models: { campaigns: { marginRate: 0.25 } } }).models });
});
afterAll(() => t.cleanup());

const result = (id: string) =>
  t.wh.one<Record<string, number | string | boolean | null>>(
    `SELECT * REPLACE (window_end::VARCHAR AS window_end, measured_to::VARCHAR AS measured_to) FROM mart_campaign_results WHERE campaign_id = '${id}'`,
  );

describe("campaign results against the control group, worked by hand", () => {
  it("response: 2 of 4 against 1 of 3, Newcombe interval, pooled z-test", async () => {
    const r = await result("K1");
    expect(r).toMatchObject({ measurable: true, target_members: 4, control_members: 3, response_rate_target: 0.5 });
    expect(r.response_rate_control).toBeCloseTo(1 / 3, 12);
    expect(r.response_uplift).toBeCloseTo(1 / 6, 12);
    // Wilson: 2 of 4 → [0.150039, 0.849961]; 1 of 3 → [0.061492, 0.792340]; Newcombe: 1/6 ∓ hypot(…)
    expect(r.response_uplift_low).toBeCloseTo(-0.410534, 5);
    expect(r.response_uplift_high).toBeCloseTo(0.609804, 5);
    // pooled p = 3/7, z = 0.440959, two-sided p = 0.659243
    expect(r.response_p_value).toBeCloseTo(0.659243, 5);
    expect(r.response_significant).toBe(false);
  });

  it("revenue per member: 250 against 33.33, Welch interval with 3.83 degrees of freedom", async () => {
    const r = await result("K1");
    // target 300, 300, 0, 400 (A4 bought after the window but within 14 days); control 100, 0, 0; B2's 999 on 11-30 is outside
    expect(r.revenue_per_member_target).toBe(250);
    expect(r.revenue_per_member_control).toBeCloseTo(100 / 3, 12);
    // variances 30000 and 3333.3; se = 92.796; df = 3.828685; t(0.975, df) = 2.826133 (numerical integration)
    expect(r.revenue_uplift_low).toBeCloseTo(-45.5874, 3);
    expect(r.revenue_uplift_high).toBeCloseTo(478.9207, 3);
    expect(r.revenue_p_value).toBeCloseTo(0.082756, 4);
    expect(r.revenue_significant).toBe(false);
    expect(r.verdict).toBe("no significant effect");
    expect(r.receipts_per_member_target).toBe(1); // 4 receipts / 4 members
    expect(r.avg_check_target).toBe(250); // 1000 / 4 receipts
    expect(r.avg_check_control).toBe(100);
  });

  it("money: incremental revenue, margin, cost and ROI", async () => {
    const r = await result("K1");
    expect(r.incremental_revenue).toBeCloseTo(866.6667, 3); // (250 − 33.33) × 4
    expect(r.incremental_margin).toBeCloseTo(216.6667, 3); // × 0.25
    expect(r).toMatchObject({ message_cost: 12, reward_cost: 50, campaign_cost: null, cost: 62 });
    expect(r.roi).toBeCloseTo((216.6667 - 62) / 62, 4); // 2.4946
  });

  it("takes the campaigns feed's cost when it gives one, and says when it is below the messages' cost", async () => {
    expect(await result("K3")).toMatchObject({ campaign_cost: 500, message_cost: 600, reward_cost: 0, cost: 500 });
    expect(built.find((r) => r.model === "mart_campaign_results")?.warning).toBe(
      "campaign(s) K3 (cost 500, messages 600): the campaigns feed's cost is below the messages' cost; ROI uses the feed's cost, which should include the messages",
    );
  });

  it("tracks a machine-readable goal", async () => {
    expect(await result("K1")).toMatchObject({ goal_metric: "response_rate", goal_target: 0.4, goal_actual: 0.5, goal_status: "reached" });
  });

  it("reports a campaign without a control group as not measurable, with no uplift", async () => {
    const r = await result("K2");
    expect(r).toMatchObject({ measurable: false, verdict: "not measurable: no control group", response_uplift: null, roi: null, goal_status: "not evaluated" });
  });

  it("follows target against control day by day", async () => {
    expect(await t.wh.all("SELECT arm, day::VARCHAR AS day, buyers, buyer_share, revenue_per_member FROM mart_campaign_daily WHERE campaign_id = 'K1' AND day = DATE '2026-10-02' ORDER BY arm")).toEqual([
      { arm: "control", day: "2026-10-02", buyers: 0, buyer_share: 0, revenue_per_member: 0 },
      { arm: "target", day: "2026-10-02", buyers: 1, buyer_share: 0.25, revenue_per_member: 75 },
    ]);
  });
});

describe("a campaign whose window is still open on the build date", () => {
  it("is measured to the last day of data and marked provisional (K3: window to 12-09, data to 11-30)", async () => {
    expect(await result("K3")).toMatchObject({
      window_end: "2026-12-09", measured_to: "2026-11-30", window_complete: false, measurable: true,
      response_rate_target: 0, response_rate_control: 0, // B2 bought on 11-30, after the campaign's last day (11-25)
      revenue_per_member_target: 0, revenue_per_member_control: 499.5,
    });
    expect(await result("K1")).toMatchObject({ measured_to: "2026-10-21", window_complete: true });
    const days = await t.wh.one("SELECT max(day)::VARCHAR AS last FROM mart_campaign_daily WHERE campaign_id = 'K3'");
    expect(days).toEqual({ last: "2026-11-30" });
  });

  describe("built as of 2026-10-16, while K1's window (to 10-21) is open and later receipts are already loaded", () => {
    let early: Awaited<ReturnType<typeof tempWarehouse>>;
    beforeAll(async () => {
      early = await tempWarehouse();
      await seedCampaigns(early);
      await buildModels(early.wh, selectModels(MODELS), {
        asOf: "2026-10-16", params: parseConfig({ models: { campaigns: { marginRate: 0.25 } } }).models,
      });
    });
    afterAll(() => early.cleanup());
    const at = (id: string) => early.wh.one<Record<string, unknown>>(`SELECT * REPLACE (measured_to::VARCHAR AS measured_to) FROM mart_campaign_results WHERE campaign_id = '${id}'`);

    it("counts nothing after the build date: A4's 400 on 10-20 is left out (target 300 + 300 + 0 + 0 = 150 a member)", async () => {
      expect(await at("K1")).toMatchObject({
        measured_to: "2026-10-16", window_complete: false, response_rate_target: 0.5, revenue_per_member_target: 150, avg_check_target: 200,
      });
      expect(await early.wh.one("SELECT max(day)::VARCHAR AS last FROM mart_campaign_daily WHERE campaign_id = 'K1'")).toEqual({ last: "2026-10-16" });
    });

    it("does not measure a campaign that starts after the data", async () => {
      expect(await at("K3")).toMatchObject({ measurable: false, verdict: "not measurable: the campaign starts after the last day of data", response_uplift: null });
    });
  });
});

describe("goals", () => {
  it("reads `metric op value[%]` and leaves free text alone", () => {
    expect(parseGoal("avg_check_change >= 8%")).toEqual({ metric: "avg_check_change", op: ">=", target: 0.08 });
    expect(parseGoal("response_rate>=7,5%")).toEqual({ metric: "response_rate", op: ">=", target: 0.075 });
    expect(parseGoal("roi > 1")).toEqual({ metric: "roi", op: ">", target: 1 });
    expect(parseGoal("Рост частоты покупок лояльного ядра")).toBeUndefined(); // no number: nothing to check
    expect(parseGoal("Сделать клиентов счастливее на 10%")).toBeUndefined();
  });

  it("reads the common Russian phrasings, each as the goal it means", () => {
    expect(parseGoal("Вернуть 7,5% ушедших клиентов")).toEqual({ metric: "response_rate", op: ">=", target: 0.075 });
    expect(parseGoal("Покупка в день рождения у 30% именинников")).toEqual({ metric: "response_rate", op: ">=", target: 0.3 });
    expect(parseGoal("Отклик не ниже 12%")).toEqual({ metric: "response_rate", op: ">=", target: 0.12 });
    expect(parseGoal("Удержать 5% клиентов в зоне риска оттока")).toEqual({ metric: "response_uplift", op: ">=", target: 0.05 });
    expect(parseGoal("Прирост отклика на 3 п. п.")).toEqual({ metric: "response_uplift", op: ">=", target: 0.03 });
    expect(parseGoal("рост среднего чека на 8%")).toEqual({ metric: "avg_check_change", op: ">=", target: 0.08 });
    expect(parseGoal("Рост выручки на 10%")).toEqual({ metric: "relative_revenue_uplift", op: ">=", target: 0.1 });
    expect(parseGoal("Рост частоты покупок лояльного ядра на 5%")).toEqual({ metric: "relative_visits_uplift", op: ">=", target: 0.05 });
    expect(parseGoal("ROI не ниже 50%")).toEqual({ metric: "roi", op: ">=", target: 0.5 });
    expect(parseGoal("ROI от 1,5")).toEqual({ metric: "roi", op: ">=", target: 1.5 });
  });

  it("evaluates a goal given as an object in the config, and a Russian one from the campaigns feed", async () => {
    const g = await tempWarehouse();
    try {
      await seedCampaigns(g);
      const config = { models: { campaigns: { goals: { K1: { metric: "relative_visits_uplift", op: ">", target: 1 } } } } };
      await buildModels(g.wh, selectModels(MODELS), { asOf: "2026-11-30", params: parseConfig(config).models });
      // receipts per member: target 4 / 4 = 1, control 1 / 3: +200 % against a goal of more than +100 %
      const k1 = await g.wh.one<Record<string, unknown>>("SELECT goal, goal_metric, goal_op, goal_target, goal_actual, goal_status FROM mart_campaign_results WHERE campaign_id = 'K1'");
      expect(k1).toMatchObject({ goal: "relative_visits_uplift > 1", goal_metric: "relative_visits_uplift", goal_op: ">", goal_target: 1, goal_status: "reached" });
      expect(k1.goal_actual).toBeCloseTo(2, 12);
    } finally {
      await g.cleanup();
    }
  });
});
