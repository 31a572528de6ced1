/**
 * The formats sniffDateTime returns, run through the project's DuckDB: what `strptime: true` and
 * `builtIn: true` promise holds, and what they deny does fail (or, for month-first dates, reads
 * day and month swapped).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Warehouse, sqlString } from "../../src/db/warehouse.js";
import { parseExpr, timeOfDayExpr, type ParseOptions } from "../parse-expressions.js";
import { sniffDateTime } from "./sniff-values.js";

let wh: Warehouse;
beforeAll(async () => {
  wh = await Warehouse.open(":memory:");
});
afterAll(() => wh.close());

const options: ParseOptions = { decimal: "auto", latestTimestamp: "TIMESTAMP '2100-01-01'" };

async function value(sql: string): Promise<string | null> {
  return (await wh.one<{ v: string | null }>(`SELECT (${sql})::VARCHAR AS v`)).v;
}

/** strptime's reading: a TIMESTAMP for dates, the time of day for times. */
function strptime(v: string, format: string, kind: string): string {
  const parsed = `try_strptime(${sqlString(v)}, ${sqlString(format)})`;
  return kind === "time" ? `CAST(${parsed} AS TIME)` : parsed;
}

/** The warehouse's reading without a dateFormat. */
function builtIn(v: string, kind: string): string {
  return kind === "time" ? timeOfDayExpr(sqlString(v)) : parseExpr(sqlString(v), "VARCHAR", { kind: "timestamp" }, options);
}

// values → what they mean
const COLUMNS: [string[], string[]][] = [
  [["05.10.2026", "5.1.2026"], ["2026-10-05 00:00:00", "2026-01-05 00:00:00"]],
  [["05.10.2026 09:12", "5.1.2026 9:05"], ["2026-10-05 09:12:00", "2026-01-05 09:05:00"]],
  [["05.10.2026 09:12:07"], ["2026-10-05 09:12:07"]],
  [["05/10/2026 09:12", "13/10/2026 18:40"], ["2026-10-05 09:12:00", "2026-10-13 18:40:00"]],
  [["12/1/2010 8:26", "12/13/2010 10:03"], ["2010-12-01 08:26:00", "2010-12-13 10:03:00"]],
  [["12/13/2010 8:26 AM", "12/13/2010 12:05 PM"], ["2010-12-13 08:26:00", "2010-12-13 12:05:00"]],
  [["2026-10-05", "2026-1-5"], ["2026-10-05 00:00:00", "2026-01-05 00:00:00"]],
  [["2026-10-05 09:12:07"], ["2026-10-05 09:12:07"]],
  [["2026-10-05T09:12:07.25"], ["2026-10-05 09:12:07.25"]],
  [["20261005"], ["2026-10-05 00:00:00"]],
  [["2026/10/05 09:12"], ["2026-10-05 09:12:00"]],
  [["2026.10.05"], ["2026-10-05 00:00:00"]],
  [["05-10-2026"], ["2026-10-05 00:00:00"]],
  [["05.10.26"], ["2026-10-05 00:00:00"]],
  [["09:12", "9:05"], ["09:12:00", "09:05:00"]],
  [["09:12:07"], ["09:12:07"]],
  [["0931", "1631"], ["09:31:00", "16:31:00"]],
  [["931", "1631"], ["09:31:00", "16:31:00"]],
];

describe.each(COLUMNS)("%j", (values, meant) => {
  const shape = sniffDateTime(values)!;

  it("is sniffed", () => {
    expect(shape).toBeDefined();
  });

  it("is read by DuckDB's strptime with the sniffed format, padded when it says so", async () => {
    for (const [i, v] of values.entries()) {
      const padded = shape.padTo ? v.padStart(shape.padTo, "0") : v;
      expect(await value(strptime(padded, shape.format, shape.kind)), v).toBe(meant[i]);
      if (!shape.strptime && padded !== v) expect(await value(strptime(v, shape.format, shape.kind)), v).toBeNull();
    }
  });

  it("is read right by the warehouse without a dateFormat exactly when builtIn says so", async () => {
    const read = await Promise.all(values.map((v) => value(builtIn(v, shape.kind))));
    if (shape.builtIn) expect(read).toEqual(meant);
    else expect(read).not.toEqual(meant);
  });
});

it("DuckDB reads non-padded month-first parts with %m/%d/%Y %H:%M, and only the whole value", async () => {
  expect(await value(`try_strptime('12/1/2010 8:26', '%m/%d/%Y %H:%M')`)).toBe("2010-12-01 08:26:00");
  expect(await value(`try_strptime('12/1/2010 8:26:00', '%m/%d/%Y %H:%M')`)).toBeNull();
  // the warehouse's own reader takes it day first
  expect(await value(builtIn("12/1/2010 8:26", "datetime"))).toBe("2010-01-12 08:26:00");
});
