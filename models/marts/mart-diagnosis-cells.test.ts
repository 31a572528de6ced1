import { describe, expect, it } from "vitest";
import { useBuiltTinyChain } from "../../test/helpers/built-tiny-chain.js";

const chain = useBuiltTinyChain("+mart_diagnosis_cells");

/** October 2026's value of a cell's metric (with what a unit is worth and what it is compared with). */
const october = (dimension: string, cell: string, metric: string) =>
  chain.t.wh.one(`SELECT value, unit_value, reference_dimension, reference_cell FROM mart_diagnosis_cells
    WHERE period_start = DATE '2026-10-01' AND dimension = '${dimension}' AND cell = '${cell}' AND metric = '${metric}'`);

/**
 * The tiny chain's October (test/fixtures/tiny-chain.ts): S1 (Москва) sold R2 300 and R6 200 to C1 and
 * R3 100 to nobody; S2 (Казань) sold R4 500 to C2, who returned 100 (R5). The members' revenue is
 * 300 + 200 + 500 − 100 = 900 on 3 sales receipts by 2 buyers (450 a buyer). At the end of
 * September C1 was won back (its purchase of 15 September came after 340 days without one), C2 had
 * registered without buying, C3 was developing (first and only purchase 10 August, 51 days before);
 * by 31 October C3 is 82 days without a purchase: pre-churn.
 */
describe("mart_diagnosis_cells", () => {
  it("measures a store over all its receipts: S1's 600 on 3 sales, 2 of them with a card, one member", async () => {
    expect(await october("store", "S1", "revenue")).toEqual({ value: 600, unit_value: 1, reference_dimension: "chain", reference_cell: "all" });
    expect(await october("store", "S1", "avg_check")).toMatchObject({ value: 200, unit_value: 3 });
    expect(await october("store", "S1", "identified_share")).toMatchObject({ value: 2 / 3, unit_value: 600 });
    // C1's 500 of member revenue at S1 is what a buyer is worth there
    expect(await october("store", "S1", "buyers")).toMatchObject({ value: 1, unit_value: 500 });
  });

  it("nets S2's return: 400 on one sale, its one receipt with a card", async () => {
    expect(await october("city", "Казань", "revenue")).toMatchObject({ value: 400, reference_dimension: "chain" });
    expect(await october("city", "Казань", "identified_share")).toMatchObject({ value: 1, unit_value: 400 });
    expect(await october("chain", "all", "identified_share")).toMatchObject({ value: 0.75, reference_dimension: null });
  });

  it("groups members by their stage at the end of the month before, against the members as a whole", async () => {
    expect(await october("cvm_stage", "won_back", "revenue")).toEqual({ value: 500, unit_value: 1, reference_dimension: "members", reference_cell: "all" });
    expect(await october("cvm_stage", "won_back", "avg_check")).toMatchObject({ value: 250, unit_value: 2 });
    expect(await october("cvm_stage", "registered_no_purchase", "revenue")).toMatchObject({ value: 400 });
    // one more visit a buyer is worth a check per buyer: 250 × 1 for till (C1), 300 × 2 for all members
    expect(await october("registration_channel", "till", "visits_per_buyer")).toMatchObject({ value: 2, unit_value: 250 });
    expect(await october("members", "all", "visits_per_buyer")).toMatchObject({ value: 1.5, unit_value: 600 });
  });

  it("counts a category's buyers among all buyers (the tiny chain's SKUs have no category: «(нет)»)", async () => {
    // lines: 100 + 200 (R2) + 500 (R4) − 100 (R5's returned line) + 200 (R6) = 900; C1 and C2 bought: penetration 2 / 2
    expect(await october("category", "(нет)", "revenue")).toMatchObject({ value: 900, reference_dimension: "members" });
    expect(await october("category", "(нет)", "penetration")).toMatchObject({ value: 1, unit_value: 2 * 900 / 2, reference_dimension: null });
    // C1, won back, bought 500 of it: 1 buyer × 500 a buyer
    expect(await october("category_stage", "(нет) × won_back", "penetration")).toEqual({ value: 1, unit_value: 500, reference_dimension: "category", reference_cell: "(нет)" });
  });

  it("finds C3 turning pre-churn in Казань: 1 of its 1 active member, none of Москва's 1, half the chain's 2", async () => {
    expect(await october("home_city", "Казань", "pre_churn_inflow")).toEqual({ value: 1, unit_value: 450, reference_dimension: "home_city", reference_cell: "all" });
    expect(await october("home_city", "Москва", "pre_churn_inflow")).toMatchObject({ value: 0, unit_value: 450 });
    expect(await october("home_city", "all", "pre_churn_inflow")).toMatchObject({ value: 0.5, reference_dimension: null });
  });

  it("splits the members' October sales (gross: 300 + 500 + 200) over RFM segments as of 30 September", async () => {
    expect(await chain.t.wh.one(`SELECT sum(value) FILTER (WHERE metric = 'revenue') AS revenue, sum(value) FILTER (WHERE metric = 'buyers') AS buyers
      FROM mart_diagnosis_cells WHERE period_start = DATE '2026-10-01' AND dimension = 'rfm_segment'`)).toEqual({ revenue: 1000, buyers: 2 });
  });
});
