import { writeFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempWarehouse } from "../../test/helpers/temp-warehouse.js";
import { segmentCaseSql } from "./rfm-scoring.js";
import { loadSegmentMap, segmentOf, type SegmentMap } from "./rfm-segment-map.js";

const ABBREVIATION: Record<string, string> = {
  Champions: "CH",
  "Potential Loyalist": "PL",
  "Loyal Customers": "LC",
  Promising: "PR",
  "New Customers": "NC",
  "Can't Lose Them": "CL",
  "At Risk": "AR",
  "Need Attention": "NA",
  "About To Sleep": "AS",
  Lost: "LO",
  Others: "OT",
};

/**
 * The R package rfm 0.3.0's documented rules, applied first-match-wins by hand (rows: frequency
 * score 1–5, columns: monetary score 1–5), one table per recency score.
 * Rules in order: CH r5 f5 m5; PL r3–5 f3–5 m2–5; LC r2–4 f2–4 m2–4; PR r3–4 f1–3 m3–5;
 * NC r4–5 f1–3 m1–5; CL r1–2 f3–4 m4–5; AR r1–2 f2–5 m4–5; NA r1–3 f3–5 m3–5; AS r2–3 f1–3 m1–4;
 * LO r1; anything else Others.
 */
const PACKAGE_GRID: Record<number, string[]> = {
  5: ["NC NC NC NC NC", "NC NC NC NC NC", "NC PL PL PL PL", "OT PL PL PL PL", "OT PL PL PL CH"],
  4: ["NC NC PR PR PR", "NC LC LC LC PR", "NC PL PL PL PL", "OT PL PL PL PL", "OT PL PL PL PL"],
  3: ["AS AS PR PR PR", "AS LC LC LC PR", "AS PL PL PL PL", "OT PL PL PL PL", "OT PL PL PL PL"],
  2: ["AS AS AS AS OT", "AS LC LC LC AR", "AS LC LC LC CL", "OT LC LC LC CL", "OT OT NA AR AR"],
  1: ["LO LO LO LO LO", "LO LO LO AR AR", "LO LO NA CL CL", "LO LO NA CL CL", "LO LO NA AR AR"],
};

function gridOf(map: SegmentMap): Record<number, string[]> {
  const grid: Record<number, string[]> = {};
  for (let r = 5; r >= 1; r--) {
    grid[r] = [1, 2, 3, 4, 5].map((f) => [1, 2, 3, 4, 5].map((m) => ABBREVIATION[segmentOf(map, r, f, m)]).join(" "));
  }
  return grid;
}

describe("the default RFM segment map", () => {
  it("is the rfm package's documented rules in its order: every score triple, worked out by hand", () => {
    expect(gridOf(loadSegmentMap())).toEqual(PACKAGE_GRID);
  });

  it("names each segment in Russian", () => {
    expect(loadSegmentMap().segments.map((s) => s.label_ru)).toEqual([
      "Чемпионы", "Потенциально лояльные", "Лояльные", "Перспективные", "Новые", "Нельзя потерять", "В зоне риска",
      "Требуют внимания", "Засыпающие", "Потерянные",
    ]);
  });
});

describe("the loyalty-warehouse segment map", () => {
  it("lets every rule match: new and promising customers are not swallowed by a broader rule", () => {
    const map = loadSegmentMap("loyalty-warehouse");
    expect(segmentOf(map, 5, 1, 1)).toBe("New Customers");
    expect(segmentOf(map, 3, 1, 1)).toBe("Promising");
    expect(segmentOf(map, 5, 2, 2)).toBe("Potential Loyalist");
    expect(segmentOf(map, 3, 2, 2)).toBe("Potential Loyalist");
    expect(segmentOf(map, 2, 1, 2)).toBe("About To Sleep");
    expect(segmentOf(map, 1, 5, 4)).toBe("Can't Lose Them");
    expect(segmentOf(map, 1, 2, 5)).toBe("At Risk");
    expect(segmentOf(map, 1, 1, 2)).toBe("Lost");
    expect(new Set(Object.values(gridOf(map)).flatMap((rows) => rows.join(" ").split(" ")))).toEqual(
      new Set(["CH", "LC", "NC", "PR", "PL", "NA", "AS", "CL", "AR", "LO", "OT"]),
    );
  });
});

describe("a chain's own segment map", () => {
  let t: Awaited<ReturnType<typeof tempWarehouse>>;
  beforeEach(async () => {
    t = await tempWarehouse();
  });
  afterEach(() => t.cleanup());

  it("is refused, naming the rule, when a rule can never match", () => {
    // The rfm package's 0.2 order: Potential Loyalist (r 3–5, f 1–3, m 1–3) takes every cell of New Customers.
    const path = `${t.dir}/map.json`;
    writeFileSync(
      path,
      JSON.stringify({
        version: 1,
        segments: [
          { name: "Potential Loyalist", recency: [3, 5], frequency: [1, 3], monetary: [1, 3] },
          { name: "New Customers", recency: [4, 5], frequency: [1, 1], monetary: [1, 1] },
        ],
      }),
    );
    expect(() => loadSegmentMap(path)).toThrow(/map\.json: "segments\.1" "New Customers" can never match/);
  });

  it("becomes SQL that assigns every score triple as the map does", async () => {
    for (const map of [loadSegmentMap(), loadSegmentMap("loyalty-warehouse")]) {
      const rows = await t.wh.all<{ r: number; f: number; m: number; segment: string }>(
        `SELECT r, f, m, ${segmentCaseSql(map)} AS segment
         FROM (SELECT r.range::INT AS recency_score, f.range::INT AS frequency_score, m.range::INT AS monetary_score,
                      recency_score AS r, frequency_score AS f, monetary_score AS m
               FROM range(1, 6) r, range(1, 6) f, range(1, 6) m)`,
      );
      expect(rows).toHaveLength(125);
      for (const row of rows) expect(row.segment).toBe(segmentOf(map, row.r, row.f, row.m));
    }
  });
});
