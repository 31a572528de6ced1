import { describe, expect, it } from "vitest";
import { useBuiltTinyChain } from "../../test/helpers/built-tiny-chain.js";

const chain = useBuiltTinyChain("+mart_store_hours");

const cells = (scope_id: string, t = chain.t) =>
  t.wh.all(`SELECT weekday, hour, receipts, revenue, receipts_per_week, revenue_per_week FROM mart_store_hours WHERE scope_id = '${scope_id}' ORDER BY weekday, hour`);

// The tiny chain's last 8 weeks to 31 October are 6 September – 31 October: R1 (Tue 15 Sep 12:00, 200), R2 (Thu 1 Oct
// 10:00, 300), R3 (Fri 2 Oct 11:00, 100, no card), R6 (Wed 7 Oct 19:00, 200) at S1; R4 (Mon 5 Oct 18:00, 500) and its return
// R5 (Tue 6 Oct 09:00, −100) at S2. R0 (2025) and R9 (10 August) are older.
describe("mart_store_hours", () => {
  it("counts each store's sales receipts and revenue by ISO weekday and hour over 8 weeks, and per week", async () => {
    expect(await cells("S1")).toEqual([
      { weekday: 2, hour: 12, receipts: 1, revenue: 200, receipts_per_week: 1 / 8, revenue_per_week: 25 },
      { weekday: 3, hour: 19, receipts: 1, revenue: 200, receipts_per_week: 1 / 8, revenue_per_week: 25 },
      { weekday: 4, hour: 10, receipts: 1, revenue: 300, receipts_per_week: 1 / 8, revenue_per_week: 37.5 },
      { weekday: 5, hour: 11, receipts: 1, revenue: 100, receipts_per_week: 1 / 8, revenue_per_week: 12.5 },
    ]);
    // a return lowers the revenue of the hour it was rung up in, and is no receipt of demand
    expect(await cells("S2")).toEqual([
      { weekday: 1, hour: 18, receipts: 1, revenue: 500, receipts_per_week: 1 / 8, revenue_per_week: 62.5 },
      { weekday: 2, hour: 9, receipts: 0, revenue: -100, receipts_per_week: 0, revenue_per_week: -12.5 },
    ]);
  });

  it("adds the stores up for the chain and names the window", async () => {
    expect((await cells("chain")).map((c) => [c.weekday, c.hour, c.receipts])).toEqual([[1, 18, 1], [2, 9, 0], [2, 12, 1], [3, 19, 1], [4, 10, 1], [5, 11, 1]]);
    expect(await chain.t.wh.one("SELECT DISTINCT window_start::VARCHAR AS from, window_end::VARCHAR AS to, weeks FROM mart_store_hours"))
      .toEqual({ from: "2026-09-06", to: "2026-10-31", weeks: 8 });
  });
});

describe("mart_store_hours over 4 weeks", () => {
  const short = useBuiltTinyChain("+mart_store_hours", { models: { stores: { hoursWeeks: 4 } } });
  it("keeps 4 October – 31 October only: R4, R5 and R6, each a quarter of a receipt a week", async () => {
    expect(await cells("chain", short.t)).toEqual([
      { weekday: 1, hour: 18, receipts: 1, revenue: 500, receipts_per_week: 0.25, revenue_per_week: 125 },
      { weekday: 2, hour: 9, receipts: 0, revenue: -100, receipts_per_week: 0, revenue_per_week: -25 },
      { weekday: 3, hour: 19, receipts: 1, revenue: 200, receipts_per_week: 0.25, revenue_per_week: 50 },
    ]);
  });
});
