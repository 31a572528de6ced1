import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain-JS component of the site, without type declarations
import { toCsv } from "./download.js";

const rows = [{ store: "Тверская, 1", period_start: "2026-10-01", revenue: 1234567.5, share: 0.125, note: null }];

describe("site CSV downloads", () => {
  it("are shaped for Russian Excel on a ru-RU site: ';' between columns, a decimal comma, quotes where a cell has ';' or ','", () => {
    expect(toCsv(rows, "ru-RU")).toBe('store;period_start;revenue;share;note\n"Тверская, 1";2026-10-01;1234567,5;0,125;');
  });

  it("keep ',' and a decimal point for an en-GB site", () => {
    expect(toCsv(rows, "en-GB")).toBe('store,period_start,revenue,share,note\n"Тверская, 1",2026-10-01,1234567.5,0.125,');
  });
});
