import { describe, expect, it } from "vitest";
import { useBuiltTinyChain } from "../../test/helpers/built-tiny-chain.js";

const chain = useBuiltTinyChain();

describe("mart_clv when the data cannot support a fit", () => {
  it("builds empty with a warning that says why, and the rest of the build goes on", async () => {
    const clv = chain.results.find((r) => r.model === "mart_clv")!;
    expect(clv.rows).toBe(0);
    // the tiny chain has one member with a repeat purchase day (C1); BG/NBD needs at least 10
    expect(clv.warning).toMatch(/BG\/NBD: only 1 customer\(s\) made a repeat purchase \(at least 10 needed\)/);
    expect(await chain.t.wh.one("SELECT status LIKE 'not fitted: %' AS recorded, r FROM mart_clv_params")).toEqual({ recorded: true, r: null });
    expect(chain.results.map((r) => r.model)).toContain("mart_cvm_stage");
  });

  it("falls back to the rhythm rule in the lifecycle when there is no fit", async () => {
    const stages = await chain.t.wh.all("SELECT member_id, stage, p_alive FROM mart_cvm_stage ORDER BY member_id");
    // C1: 4 purchase days from 2025-10-10 to 2026-10-07, usual interval 362 / 3 ≈ 121 days, the last 24 days ago
    // (pre-churn only after 2 × 121), 3 purchase days in the last 180 (< 6): developing.
    // C3 bought once, 82 days ago > the 60-day floor: pre-churn.
    expect(stages).toEqual([
      { member_id: "C1", stage: "developing", p_alive: null },
      { member_id: "C2", stage: "new", p_alive: 1 },
      { member_id: "C3", stage: "pre_churn", p_alive: 1 },
    ]);
  });
});
