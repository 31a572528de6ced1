import { describe, expect, it } from "vitest";
import { useBuiltTinyChain } from "../../test/helpers/built-tiny-chain.js";
import { ensureSegmentTables } from "../../segments/segment-store.js";
import { METRICS } from "./metric-catalogue.js";

const chain = useBuiltTinyChain();

describe("the metric catalogue", () => {
  it("never gives two metrics the same label, in either language", () => {
    for (const lang of ["ru", "en"] as const) {
      const labels = METRICS.map((m) => m.label[lang]);
      expect(labels.filter((l, i) => labels.indexOf(l) !== i)).toEqual([]);
    }
    const ids = METRICS.map((m) => m.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it("points every metric at a column of a table the warehouse keeps, on rows that exist", async () => {
    await ensureSegmentTables(chain.t.wh); // segment_runs is written by segment runs, not by the build
    for (const m of METRICS) {
      const where = "where" in m.source ? `WHERE ${m.source.where}` : "";
      const query = `SELECT count(*)::INT AS n FROM ${m.source.mart} ${where}`;
      await expect(chain.t.wh.all(`SELECT ${m.source.column} FROM ${m.source.mart} ${where} LIMIT 1`).catch(() => "missing"), m.id).resolves.not.toBe("missing");
      if (m.source.mart === "mart_kpi") expect((await chain.t.wh.one<{ n: number }>(query)).n, m.id).toBeGreaterThan(0);
    }
  });

  it("gives the average checks of October their different numbers under different labels (tiny chain, worked by hand)", async () => {
    // October 2026: sales R2 300 (K1), R3 100 (no card), R4 500 (K2), R6 200 (K1); R5 returns 100 of R4.
    // All buyers: (1100 − 100) / 4 receipts = 250; members: (1000 − 100) / 3 = 300; members' sales: 1000 / 3.
    const value = async (id: string) => {
      const m = METRICS.find((x) => x.id === id)!;
      const where = ["period_start = DATE '2026-10-01'", ...("where" in m.source ? [m.source.where] : []),
        ...(m.source.mart === "mart_kpi" ? ["grain = 'month'", "scope = 'chain'"] : ["scope = 'chain'"])].join(" AND ");
      return (await chain.t.wh.one<{ v: number }>(`SELECT ${m.source.column} AS v FROM ${m.source.mart} WHERE ${where}`)).v;
    };
    expect({ all: await value("avg_check"), members: await value("members_avg_check"), sales: await value("members_sales_avg_check") }).toEqual({
      all: 250, members: 300, sales: 1000 / 3,
    });
    const labels = ["avg_check", "members_avg_check", "members_sales_avg_check"].map((id) => METRICS.find((m) => m.id === id)!.label.ru);
    expect(labels).toEqual(["Средний чек", "Средний чек участника", "Средний чек участника по продажам"]);
  });
});
