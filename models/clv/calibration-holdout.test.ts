import { describe, expect, it } from "vitest";
import { conditionalExpectedPurchases, fitBgNbd } from "./bg-nbd.js";
import { compareCalibrationHoldout } from "./calibration-holdout.js";
import { readCdnowHoldoutPurchases, readCdnowSummary } from "./cdnow.test-support.js";

const params = { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 };

describe("calibration vs holdout purchases", () => {
  it("groups customers by calibration frequency 0..6 and 7+, with a total row", () => {
    const customers = [
      { x: 0, tx: 0, T: 30, holdoutPurchases: 1 },
      { x: 0, tx: 0, T: 35, holdoutPurchases: 0 },
      { x: 3, tx: 20, T: 35, holdoutPurchases: 2 },
      { x: 9, tx: 33, T: 35, holdoutPurchases: 6 },
      { x: 12, tx: 34, T: 36, holdoutPurchases: 4 },
    ];
    const rows = compareCalibrationHoldout(params, customers, 39);
    expect(rows.map((r) => r.group)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7+", "all"]);
    const predicted = (i: number) => conditionalExpectedPurchases(params, 39, customers[i].x, customers[i].tx, customers[i].T);
    expect(rows[0]).toEqual({ group: "0", customers: 2, actual: 1, predicted: predicted(0) + predicted(1) });
    expect(rows[1]).toEqual({ group: "1", customers: 0, actual: 0, predicted: 0 });
    expect(rows[3]).toEqual({ group: "3", customers: 1, actual: 2, predicted: predicted(2) });
    expect(rows[7]).toMatchObject({ group: "7+", customers: 2, actual: 10 });
    expect(rows[7].predicted).toBeCloseTo(predicted(3) + predicted(4), 12);
    expect(rows[8]).toMatchObject({ group: "all", customers: 5, actual: 13 });
    expect(rows[8].predicted).toBeCloseTo(customers.reduce((s, _, i) => s + predicted(i), 0), 12);
  });

  it("takes the top group as a parameter", () => {
    const rows = compareCalibrationHoldout(params, [{ x: 4, tx: 20, T: 35, holdoutPurchases: 1 }], 39, 3);
    expect(rows.map((r) => [r.group, r.customers])).toEqual([["0", 0], ["1", 0], ["2", 0], ["3+", 1], ["all", 1]]);
  });

  it("compares the CDNOW 39-week holdout (1,882 repeat transactions) with the fitted model", () => {
    const calibration = readCdnowSummary();
    const holdout = readCdnowHoldoutPurchases();
    const fit = fitBgNbd(calibration.map(({ x, tx, T }) => ({ x, tx, T, count: 1 })));
    const rows = compareCalibrationHoldout(fit, calibration.map((c) => ({ ...c, holdoutPurchases: holdout.get(c.id) ?? 0 })), 39);
    const all = rows[rows.length - 1];
    expect(all).toMatchObject({ group: "all", customers: 2357, actual: 1882 });
    expect(rows.slice(0, -1).reduce((s, r) => s + r.customers, 0)).toBe(2357);
    // Our measured sum of conditional expectations (not a published figure): 1,653.4, i.e. the model
    // forecasts 88% of the holdout purchases; a regression guard for the whole prediction path.
    expect(all.predicted).toBeCloseTo(1653.4, 0);
  });

  it("rejects a calibration frequency that is not a whole number", () => {
    expect(() => compareCalibrationHoldout(params, [{ x: 1.5, tx: 2, T: 3, holdoutPurchases: 0 }], 39)).toThrow(/x = 1.5/);
  });
});
