import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/config.js";
import { seed } from "../../test/helpers/seed-staging.js";
import { tempWarehouse } from "../../test/helpers/temp-warehouse.js";
import { buildModels, selectModels } from "../build-models.js";
import { MODELS } from "../registry.js";

type Built = Awaited<ReturnType<typeof tempWarehouse>>;

// October 2026 at S1: till 01 (cashier S1-K1) rang up 3 sales, 2 with a card, and a return; till 02 rang up 2 sales with
// a card (S1-K2) and 1 without (S1-K3); one sale names no till or cashier. At S2, till 01 (S2-K9): 2 sales, both with a
// card. A sale on 2 November is after the build date. Cards: C1's first at S1 on 3 October and a replacement there on the
// 20th (no sign-up); C2's in the app (no store); C3's at S2 in September; C4's at S2 on 12 October; C5's at S1 on 1 November.
async function seedStaff(wh: Built["wh"]): Promise<void> {
  await seed(wh, "stg_stores", [{ store_id: "S1", name: "Тверская", city: "Москва" }, { store_id: "S2", name: "Баумана", city: "Казань" }]);
  await seed(wh, "stg_customers", ["C1", "C2", "C3", "C4", "C5"].map((customer_id) => ({ customer_id, registered_at: "2026-09-01 10:00" })));
  const card = (card_number: string, customer_id: string, issued_at: string, channel: string, store_id: string | null) => ({ card_number, customer_id, issued_at, channel, store_id });
  await seed(wh, "stg_cards", [
    card("K1", "C1", "2026-10-03 10:00", "till", "S1"), card("K1B", "C1", "2026-10-20 12:00", "till", "S1"), card("K2", "C2", "2026-10-05 10:00", "app", null),
    card("K3", "C3", "2026-09-10 10:00", "till", "S2"), card("K4", "C4", "2026-10-12 10:00", "till", "S2"), card("K5", "C5", "2026-11-01 10:00", "till", "S1"),
  ]);
  let n = 0;
  const sale = (store_id: string, day: string, till_id: string | null, cashier_id: string | null, card_number: string | null, extra = {}) =>
    ({ store_id, receipt_id: `R${++n}`, receipt_at: `2026-10-${day} 12:00`, till_id, cashier_id, card_number, total: 100, is_return: false, ...extra });
  await seed(wh, "stg_receipts", [
    sale("S1", "03", "01", "S1-K1", "K1"), sale("S1", "04", "01", "S1-K1", "K2"), sale("S1", "05", "01", "S1-K1", null),
    sale("S1", "06", "01", "S1-K1", "K1", { is_return: true }),
    sale("S1", "07", "02", "S1-K2", "K1"), sale("S1", "08", "02", "S1-K2", "K2"), sale("S1", "09", "02", "S1-K3", null),
    sale("S1", "10", null, null, null),
    sale("S2", "12", "01", "S2-K9", "K4"), sale("S2", "13", "01", "S2-K9", "K3"),
    { ...sale("S1", "02", "01", "S1-K1", "K1"), receipt_at: "2026-11-02 12:00" },
  ]);
}

async function built(asOf: string, config: object): Promise<Built> {
  const t = await tempWarehouse();
  await seedStaff(t.wh);
  await buildModels(t.wh, selectModels(MODELS, "+mart_store_identification"), { asOf, params: parseConfig(config).models });
  return t;
}

const rows = (t: Built, month: string, level: string) => t.wh.all(`SELECT * EXCLUDE (period_start, level) FROM mart_staff_kpi
  WHERE period_start = DATE '${month}' AND level = '${level}' ORDER BY store_id, unit_id`);

describe("mart_staff_kpi against targets (a card on 60 % of receipts, one sign-up a month, judged from 2 receipts)", () => {
  let t: Built;
  beforeAll(async () => { t = await built("2026-10-31", { models: { stores: { minReceiptsToRank: 2, targets: { identifiedShare: 0.6, signUpsPerMonth: 1 } } } }); });
  afterAll(() => t.cleanup());

  const judged = { is_complete: true, identified_share_target: 0.6 };
  const noSignUps = { sign_ups: null, sign_ups_target: null, sign_ups_met: null };

  it("judges the stores: S1 4 of 7 with a card misses 60 %, S2 2 of 2 meets it; each signed up one member", async () => {
    expect(await rows(t, "2026-10-01", "store")).toEqual([
      { store_id: "S1", unit_id: "S1", receipts: 7, identified_receipts: 4, identified_share: 4 / 7, identified_share_met: false, sign_ups: 1, sign_ups_target: 1, sign_ups_met: true, ...judged },
      { store_id: "S2", unit_id: "S2", receipts: 2, identified_receipts: 2, identified_share: 1, identified_share_met: true, sign_ups: 1, sign_ups_target: 1, sign_ups_met: true, ...judged },
    ]);
  });

  it("judges each till, and leaves a till of one receipt (the sale that named none) unjudged", async () => {
    expect(await rows(t, "2026-10-01", "till")).toEqual([
      { store_id: "S1", unit_id: "(unknown)", receipts: 1, identified_receipts: 0, identified_share: 0, identified_share_met: null, ...noSignUps, ...judged },
      { store_id: "S1", unit_id: "01", receipts: 3, identified_receipts: 2, identified_share: 2 / 3, identified_share_met: true, ...noSignUps, ...judged },
      { store_id: "S1", unit_id: "02", receipts: 3, identified_receipts: 2, identified_share: 2 / 3, identified_share_met: true, ...noSignUps, ...judged },
      { store_id: "S2", unit_id: "01", receipts: 2, identified_receipts: 2, identified_share: 1, identified_share_met: true, ...noSignUps, ...judged },
    ]);
  });

  it("judges each cashier: S1-K3's single receipt without a card is too few to call", async () => {
    expect((await rows(t, "2026-10-01", "cashier")).map((r) => [r.store_id, r.unit_id, r.receipts, r.identified_receipts, r.identified_share_met])).toEqual([
      ["S1", "(unknown)", 1, 0, null], ["S1", "S1-K1", 3, 2, true], ["S1", "S1-K2", 2, 2, true], ["S1", "S1-K3", 1, 0, null], ["S2", "S2-K9", 2, 2, true],
    ]);
  });

  it("keeps a month in which a store only signed members up: S2 in September, no receipts and no share to judge", async () => {
    expect(await rows(t, "2026-09-01", "store")).toEqual([
      { store_id: "S2", unit_id: "S2", receipts: 0, identified_receipts: 0, identified_share: null, identified_share_met: null, sign_ups: 1, sign_ups_target: 1, sign_ups_met: true, ...judged },
    ]);
    expect(await t.wh.all("SELECT store_id, period_start::VARCHAR AS month FROM mart_store_identification ORDER BY 1")).toEqual([
      { store_id: "S1", month: "2026-10-01" }, { store_id: "S2", month: "2026-10-01" },
    ]);
  });

  it("ranks the stores on the same shares: S2 first, S1 second", async () => {
    expect(await t.wh.all("SELECT store_id, identified_share, rank_best FROM mart_store_identification ORDER BY rank_best")).toEqual([
      { store_id: "S2", identified_share: 1, rank_best: 1 }, { store_id: "S1", identified_share: 4 / 7, rank_best: 2 },
    ]);
  });
});

describe("mart_staff_kpi with the default targets, in a month not over yet", () => {
  let t: Built;
  beforeAll(async () => { t = await built("2026-10-20", {}); });
  afterAll(() => t.cleanup());

  it("aims at 80 % with a card, sets no sign-up target, and judges no share on fewer than 100 receipts", async () => {
    expect(await rows(t, "2026-10-01", "store")).toEqual([
      { store_id: "S1", unit_id: "S1", receipts: 7, identified_receipts: 4, identified_share: 4 / 7, is_complete: false, identified_share_target: 0.8,
        identified_share_met: null, sign_ups: 1, sign_ups_target: null, sign_ups_met: null },
      { store_id: "S2", unit_id: "S2", receipts: 2, identified_receipts: 2, identified_share: 1, is_complete: false, identified_share_target: 0.8,
        identified_share_met: null, sign_ups: 1, sign_ups_target: null, sign_ups_met: null },
    ]);
  });

  it("calls no month short of its sign-up target before it ends", async () => {
    const u = await built("2026-10-20", { models: { stores: { targets: { signUpsPerMonth: 5 } } } });
    try {
      expect((await rows(u, "2026-10-01", "store")).map((r) => [r.store_id, r.sign_ups, r.sign_ups_target, r.sign_ups_met])).toEqual([["S1", 1, 5, null], ["S2", 1, 5, null]]);
      expect((await rows(u, "2026-09-01", "store")).map((r) => [r.store_id, r.sign_ups, r.sign_ups_met])).toEqual([["S2", 1, false]]);
    } finally {
      await u.cleanup();
    }
  });
});
