import { describe, expect, it } from "vitest";
import { useBuiltTinyChain } from "../../test/helpers/built-tiny-chain.js";

const chain = useBuiltTinyChain();

describe("programme, stores, bonuses, coupons and mechanics on the tiny chain", () => {
  it("ranks no store on a handful of receipts: S2 1 of 1, S1 2 of 3 in October, both under the default minimum of 100", async () => {
    expect(await chain.t.wh.all("SELECT store_id, receipts, identified_receipts, identified_share, is_ranked, rank_best, is_best_three, is_worst_three FROM mart_store_identification WHERE period_start = DATE '2026-10-01' ORDER BY store_id")).toEqual([
      { store_id: "S1", receipts: 3, identified_receipts: 2, identified_share: 2 / 3, is_ranked: false, rank_best: null, is_best_three: false, is_worst_three: false },
      { store_id: "S2", receipts: 1, identified_receipts: 1, identified_share: 1, is_ranked: false, rank_best: null, is_best_three: false, is_worst_three: false },
    ]);
  });

  it("measures profile completeness and contactability", async () => {
    // C1: gender, birth date, city, phone, e-mail = 5 of 10 fields; C2: gender, city, phone, children, car = 5; C3: none.
    const whole = await chain.t.wh.one<Record<string, number>>("SELECT * EXCLUDE (scope, scope_id) FROM mart_profile_quality WHERE scope = 'chain'");
    expect(whole.members).toBe(3);
    expect(whole.avg_completeness).toBeCloseTo(1 / 3, 12);
    expect(whole).toMatchObject({ full_profile_share: 0, phone_share: 2 / 3, email_share: 1 / 3, consent_sms_share: 1 / 3, contactable_share: 1 / 3 });
    expect(await chain.t.wh.one("SELECT members, avg_completeness FROM mart_profile_quality WHERE scope = 'store' AND scope_id = 'S1'")).toEqual({ members: 1, avg_completeness: 0.5 });
  });

  it("draws the portrait by age band, gender and city", async () => {
    expect(await chain.t.wh.all("SELECT age_band, gender, city, members FROM mart_portrait WHERE scope = 'chain' ORDER BY age_band, gender")).toEqual([
      { age_band: "35-44", gender: "f", city: "Москва", members: 1 }, // born 1990-05-01: 36 on 2026-10-31
      { age_band: "unknown", gender: "m", city: "Казань", members: 1 },
      { age_band: "unknown", gender: "unknown", city: "unknown", members: 1 },
    ]);
  });

  it("tracks bonus accrual, redemption, expiry and the liability, whatever sign the feed used", async () => {
    expect(await chain.t.wh.all("SELECT period_start::VARCHAR AS m, accrued, redeemed, expired, adjusted, liability FROM mart_bonus_monthly ORDER BY 1")).toEqual([
      { m: "2025-10-01", accrued: 100, redeemed: 0, expired: 0, adjusted: 0, liability: 100 },
      { m: "2026-09-01", accrued: 0, redeemed: 0, expired: 5, adjusted: 0, liability: 95 },
      { m: "2026-10-01", accrued: 40, redeemed: 60, expired: 0, adjusted: -2, liability: 73 }, // 95 + 40 − 60 − 2
    ]);
  });

  it("counts coupons issued and redeemed, by month of issue and by month of redemption, with the days between", async () => {
    expect(await chain.t.wh.all(`SELECT campaign_id, period_start::VARCHAR AS m, issued, redeemed, redemption_rate, value_issued, value_redeemed,
        avg_redemption_days, median_redemption_days, redeemed_in_month, value_redeemed_in_month FROM mart_coupons ORDER BY 1, 2`)).toEqual([
      // CP3, never redeemed
      { campaign_id: "(none)", m: "2026-09-01", issued: 1, redeemed: 0, redemption_rate: 0, value_issued: 100, value_redeemed: null,
        avg_redemption_days: null, median_redemption_days: null, redeemed_in_month: 0, value_redeemed_in_month: 0 },
      // CP4: issued 25 September, redeemed 5 October (10 days)
      { campaign_id: "X", m: "2026-09-01", issued: 1, redeemed: 1, redemption_rate: 1, value_issued: 200, value_redeemed: 200,
        avg_redemption_days: 10, median_redemption_days: 10, redeemed_in_month: 0, value_redeemed_in_month: 0 },
      // CP1 (1 → 7 October, 6 days), CP2 (not redeemed), CP5 (redeemed 2 November, after the build date: not yet);
      // redeemed in October: CP1 and CP4
      { campaign_id: "X", m: "2026-10-01", issued: 3, redeemed: 1, redemption_rate: 1 / 3, value_issued: 600, value_redeemed: 200,
        avg_redemption_days: 6, median_redemption_days: 6, redeemed_in_month: 2, value_redeemed_in_month: 400 },
    ]);
  });

  it("sums till promotions: receipts, units, turnover, participants, discount, bonuses", async () => {
    expect(await chain.t.wh.all("SELECT promo_id, receipts, units, turnover, discount, participants, bonus_earned FROM mart_promotions ORDER BY 1")).toEqual([
      { promo_id: "P1", receipts: 2, units: 4, turnover: 400, discount: 30, participants: 1, bonus_earned: 15 }, // R2 and R6, both C1
      { promo_id: "P2", receipts: 1, units: 1, turnover: 100, discount: 10, participants: 0, bonus_earned: 0 }, // R3, anonymous
    ]);
  });
});

describe("store ranking with a minimum volume of 2 receipts a month", () => {
  const small = useBuiltTinyChain("+mart_store_identification", { models: { stores: { minReceiptsToRank: 2 } } });
  it("ranks S1 (2 of 3 with a card) and leaves S2 (1 of 1, a better share on one receipt) unranked", async () => {
    expect(await small.t.wh.all("SELECT store_id, is_ranked, rank_best, rank_worst, is_best_three FROM mart_store_identification WHERE period_start = DATE '2026-10-01' ORDER BY store_id")).toEqual([
      { store_id: "S1", is_ranked: true, rank_best: 1, rank_worst: 1, is_best_three: true },
      { store_id: "S2", is_ranked: false, rank_best: null, rank_worst: null, is_best_three: false },
    ]);
  });
});
