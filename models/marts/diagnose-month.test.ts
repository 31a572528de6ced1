import { describe, expect, it } from "vitest";
import { type CellValue, diagnoseMonth, type Finding, rankCells } from "./diagnose-month.js";

const months = ["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01", "2026-06-01", "2026-07-01", "2026-08-01"];

function series(dimension: string, cell: string, metric: CellValue["metric"], values: number[], unit: number): CellValue[] {
  return values.map((value, i) => ({ period_start: months[i], dimension, cell, metric, value, unit_value: unit, reference_dimension: "chain", reference_cell: "all" }));
}

/**
 * Three stores, January to August. B and C keep half their receipts identified all along; A wobbles
 * between 60 and 61 % and falls to 30 % in August. Each month's typical change (the median of A's, B's
 * and C's) is 0, so A's excess is its own change: +1, −1, +1, −1, +1, −1 points from February to
 * July (6 months: January has no month before), mean 0, sd √(6 × 0.0001 / 5) = 0.0109545; the
 * prediction spread is sd × √(1 + 1/6) = 0.0118322, and August's −0.30 is t = −25.355 with 5 degrees of
 * freedom. August's effect: (0.30 − 0.60 − 0) × A's revenue of 200 000 = −60 000, above 0.2 % of the
 * members' 1 000 000. Revenue: A 100 → 80 in August while B and C grow 10 % (they did every month):
 * the typical change is ln 1.1, A's excess ln 0.8 − ln 1.1, its effect 80 − 100 × 1.1 = −30.
 */
const rows: CellValue[] = [
  ...series("store", "A", "identified_share", [0.6, 0.61, 0.6, 0.61, 0.6, 0.61, 0.6, 0.3], 200_000),
  ...series("store", "B", "identified_share", [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], 200_000),
  ...series("store", "C", "identified_share", [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], 200_000),
  ...series("store", "A", "revenue", [100, 110, 121, 133.1, 146.41, 161.051, 100, 80], 1),
  ...series("store", "B", "revenue", [100, 110, 121, 133.1, 146.41, 161.051, 100, 110], 1),
  ...series("store", "C", "revenue", [100, 110, 121, 133.1, 146.41, 161.051, 100, 110], 1),
  ...months.map((period_start) => ({ period_start, dimension: "chain", cell: "all", metric: "identified_share" as const, value: 0.55, unit_value: null, reference_dimension: null, reference_cell: null })),
  ...months.map((period_start) => ({ period_start, dimension: "members", cell: "all", metric: "revenue" as const, value: 1_000_000, unit_value: null, reference_dimension: null, reference_cell: null })),
];

describe("diagnoseMonth", () => {
  const findings = diagnoseMonth(rows, "2026-08-01");
  const find = (cell: string, metric: string) => findings.find((f) => f.cell === cell && f.metric === metric && f.comparison === "previous_month")!;

  it("tests A's fall against its own wobble: t = −25.355, significant after Bonferroni over the 6 series tested", () => {
    const a = find("A", "identified_share");
    expect(a).toMatchObject({ value: 0.3, base_value: 0.6, reference_change: 0, history_months: 6, significant: true });
    expect(a.excess).toBeCloseTo(-0.3, 12);
    expect(a.t_statistic).toBeCloseTo(-25.355, 3);
    expect(a.impact).toBeCloseTo(-60_000, 6);
    expect(a.p_value).toBeLessThan(1e-4);
  });

  it("finds nothing in B, which never moved: t = 0, p = 1", () => {
    expect(find("B", "identified_share")).toMatchObject({ excess: 0, t_statistic: 0, p_value: 1, significant: false });
  });

  it("measures a level against the typical growth: A's revenue 80 where 110 was typical", () => {
    const a = find("A", "revenue");
    expect(a.reference_change).toBeCloseTo(Math.log(1.1), 12);
    expect(a.excess).toBeCloseTo(Math.log(0.8) - Math.log(1.1), 12);
    expect(a.impact).toBeCloseTo(-30, 9);
    // −30 is far below 0.2 % of the members' revenue: not a finding however unusual
    expect(a.significant).toBe(false);
  });

  it("leaves the comparison with last year untested without a year of history", () => {
    expect(findings.filter((f) => f.comparison === "last_year")).toEqual([]);
  });
});

describe("rankCells", () => {
  const base = { period_start: "2026-08-01", comparison: "previous_month" as const, value: 0, base_value: 0, reference_value: 0, reference_base_value: 0,
    reference_change: 0, excess: 0, history_months: 12, t_statistic: 0, p_value: 0 };
  const finding = (dimension: string, cell: string, impact: number, significant: boolean, metric: Finding["metric"] = "identified_share"): Finding =>
    ({ ...base, dimension, cell, metric, impact, significant });

  it("puts a cause before the city it explains, and what is noise last, one row per cell with its largest effect", () => {
    const ranked = rankCells([
      finding("city", "Казань", -70_000, true), // its store A carries −60 000 of it: explained
      finding("store", "A", -60_000, true),
      finding("store", "A", -5_000, true, "buyers"),
      finding("store", "B", -90_000, false, "revenue"), // the largest, but noise
      finding("home_city", "Москва", -20_000, true, "pre_churn_inflow"),
    ], new Map([["A", "Казань"], ["B", "Москва"]]));
    expect(ranked.map((f) => [f.rank, f.dimension, f.cell, f.metric, f.explained_by, f.other_metrics])).toEqual([
      [1, "store", "A", "identified_share", null, ["buyers"]],
      [2, "home_city", "Москва", "pre_churn_inflow", null, []],
      [3, "city", "Казань", "identified_share", "store:A", []],
      [4, "store", "B", "revenue", null, []],
    ]);
  });

  it("does not blame a store for a city whose loss is mostly elsewhere", () => {
    const ranked = rankCells([finding("city", "Казань", -200_000, true), finding("store", "A", -60_000, true)], new Map([["A", "Казань"]]));
    expect(ranked.find((f) => f.dimension === "city")!.explained_by).toBeNull();
  });
});
