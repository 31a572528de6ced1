import { describe, expect, it } from "vitest";
import { useBuiltTinyChain } from "../../test/helpers/built-tiny-chain.js";

const chain = useBuiltTinyChain();

describe("cohorts on the tiny chain", () => {
  // C1 registered 2025-09-01 (till) and bought 2025-10-10, 2026-09-15, 2026-10-01, 2026-10-07.
  // C2 registered 2026-09-20 (app), bought 2026-10-05 for 500 and returned 100 the next day.
  it("first-purchase cohort October 2025: C1 bought in months 0, 11 and 12", async () => {
    const rows = await chain.t.wh.all(
      "SELECT months_since AS k, cohort_size AS n, active_members AS active, retention, revenue_per_member AS rpm, cumulative_churn AS churn FROM mart_cohort_retention WHERE cohort_type = 'first_purchase' AND cohort_month = DATE '2025-10-01' ORDER BY k",
    );
    expect(rows).toHaveLength(13); // October 2025 .. October 2026
    expect(rows[0]).toEqual({ k: 0, n: 1, active: 1, retention: 1, rpm: 100, churn: 0 });
    expect(rows[5]).toEqual({ k: 5, n: 1, active: 0, retention: 0, rpm: 0, churn: 0 }); // gone quiet, but back later: not churned
    expect(rows[11]).toEqual({ k: 11, n: 1, active: 1, retention: 1, rpm: 200, churn: 0 });
    expect(rows[12]).toEqual({ k: 12, n: 1, active: 1, retention: 1, rpm: 500, churn: 0 });
  });

  it("first-purchase cohort October 2026: revenue net of the return", async () => {
    expect(await chain.t.wh.all("SELECT months_since, active_members, revenue FROM mart_cohort_retention WHERE cohort_type = 'first_purchase' AND cohort_month = DATE '2026-10-01'")).toEqual([
      { months_since: 0, active_members: 1, revenue: 400 },
    ]);
  });

  it("registration cohort September 2026 (C2): nothing in month 0, bought in month 1", async () => {
    const rows = await chain.t.wh.all("SELECT months_since, active_members, retention FROM mart_cohort_retention WHERE cohort_type = 'registration' AND cohort_month = DATE '2026-09-01' ORDER BY months_since");
    expect(rows).toEqual([
      { months_since: 0, active_members: 0, retention: 0 },
      { months_since: 1, active_members: 1, retention: 1 },
    ]);
  });

  it("cumulative churn counts members whose last purchase is behind them", async () => {
    // C3 bought once, in August 2026: churned from month 1 of its cohort on.
    const rows = await chain.t.wh.all("SELECT months_since, retention, cumulative_churn FROM mart_cohort_retention WHERE cohort_type = 'first_purchase' AND cohort_month = DATE '2026-08-01' ORDER BY months_since");
    expect(rows).toEqual([
      { months_since: 0, retention: 1, cumulative_churn: 0 },
      { months_since: 1, retention: 0, cumulative_churn: 1 },
      { months_since: 2, retention: 0, cumulative_churn: 1 },
    ]);
    // C1 went quiet for ten months but came back: never counted as churned.
    const c1 = await chain.t.wh.one("SELECT max(cumulative_churn) AS c FROM mart_cohort_retention WHERE cohort_type = 'registration' AND cohort_month = DATE '2025-09-01'");
    expect(c1).toEqual({ c: 0 });
  });

  it("converts new members within 30 days, by channel", async () => {
    expect(await chain.t.wh.all("SELECT registration_channel, registration_month::VARCHAR AS m, new_members, matured_members, first_purchase_within, repeat_within, first_purchase_rate, repeat_rate FROM mart_conversion ORDER BY 1")).toEqual([
      // C2: registered 2026-09-20, first purchase 15 days later, no second purchase
      { registration_channel: "app", m: "2026-09-01", new_members: 1, matured_members: 1, first_purchase_within: 1, repeat_within: 0, first_purchase_rate: 1, repeat_rate: 0 },
      // C3: registered 2026-08-01, first purchase 9 days later, never again
      { registration_channel: "site", m: "2026-08-01", new_members: 1, matured_members: 1, first_purchase_within: 1, repeat_within: 0, first_purchase_rate: 1, repeat_rate: 0 },
      // C1: registered 2025-09-01, first purchase 39 days later: not within 30
      { registration_channel: "till", m: "2025-09-01", new_members: 1, matured_members: 1, first_purchase_within: 0, repeat_within: 0, first_purchase_rate: 0, repeat_rate: 0 },
    ]);
  });
});
