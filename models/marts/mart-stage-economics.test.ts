import { describe, expect, it } from "vitest";
import { useBuiltTinyChain } from "../../test/helpers/built-tiny-chain.js";

const chain = useBuiltTinyChain("+mart_stage_economics");

const month = (asOf: string) =>
  chain.t.wh.all(`SELECT * EXCLUDE (as_of) FROM mart_stage_economics WHERE as_of = DATE '${asOf}' ORDER BY stage`);
const idle = { buyers: 0, receipts: 0, revenue: 0, avg_check: null, frequency: null, bonus_spent: 0, discounts: 0 };

// The tiny chain's members at each month end (the stages are mart_cvm_monthly's, by the default rhythm rules):
// C1 registered in September 2025 and bought on 10 October 2025, then on 15 September, 1 and 7 October 2026;
// C3 bought once, on 10 August 2026; C2 registered on 20 September 2026 and bought on 5 October (returned 100 of it on the 6th).
describe("mart_stage_economics", () => {
  it("starts in October 2025 with C1 new: one receipt of 100, bought 21 days before the month's end", async () => {
    expect(await month("2025-10-31")).toEqual([
      { stage: "new", members: 1, buyers: 1, receipts: 1, revenue: 100, avg_check: 100, frequency: 1, avg_days_since_last: 21, bonus_spent: 0, discounts: 0 },
    ]);
  });

  it("September 2026: C1 won back with R1, C3 developing without buying (51 days since August), C2 not yet a buyer", async () => {
    expect(await month("2026-09-30")).toEqual([
      { stage: "developing", members: 1, ...idle, avg_days_since_last: 51 },
      { stage: "registered_no_purchase", members: 1, ...idle, avg_days_since_last: null },
      { stage: "won_back", members: 1, buyers: 1, receipts: 1, revenue: 200, avg_check: 200, frequency: 1, avg_days_since_last: 15, bonus_spent: 0, discounts: 0 },
    ]);
  });

  it("October 2026: C1 developing (R2 300 with a 30 discount and R6 200), C2 new (R4 500 paid 50 in points, returned 100), C3 pre-churn", async () => {
    expect(await month("2026-10-31")).toEqual([
      { stage: "developing", members: 1, buyers: 1, receipts: 2, revenue: 500, avg_check: 250, frequency: 2, avg_days_since_last: 24, bonus_spent: 0, discounts: 30 },
      // the return lowers the revenue, not the receipts: (500 − 100) / 1
      { stage: "new", members: 1, buyers: 1, receipts: 1, revenue: 400, avg_check: 400, frequency: 1, avg_days_since_last: 26, bonus_spent: 50, discounts: 0 },
      { stage: "pre_churn", members: 1, ...idle, avg_days_since_last: 82 },
    ]);
  });

  it("leaves the anonymous receipt R3 out: the stages' October revenue is the members' 900", async () => {
    expect(await chain.t.wh.one("SELECT sum(revenue) AS revenue, sum(members)::INT AS members FROM mart_stage_economics WHERE as_of = DATE '2026-10-31'"))
      .toEqual({ revenue: 900, members: 3 });
  });
});
