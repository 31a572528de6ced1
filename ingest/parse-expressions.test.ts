import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Warehouse, sqlString } from "../src/db/warehouse.js";
import { columnChecks, parseExpr, type ParseOptions } from "./parse-expressions.js";
import type { ColumnSpec } from "../src/db/schema.js";
import type { ColumnRule } from "./parse-expressions.js";

let wh: Warehouse;
beforeAll(async () => {
  wh = await Warehouse.open(":memory:");
});
afterAll(() => wh.close());

const auto: ParseOptions = { decimal: "auto", latestTimestamp: "now()" };

async function parse(kind: ColumnSpec["kind"], value: string, o: ParseOptions = auto): Promise<unknown> {
  const row = await wh.one<{ v: unknown }>(`SELECT ${parseExpr(sqlString(value), "VARCHAR", { kind }, o)} AS v`);
  return row.v;
}

describe("numbers as real exports write them", () => {
  it.each([
    ["1234.50", 1234.5],
    ["1234,50", 1234.5],
    ["1 234,50", 1234.5],
    ["1\u00a0234,50", 1234.5],
    ["1\u202f234,50", 1234.5],
    ["1,234.50", 1234.5],
    ["1.234,50", 1234.5],
    ["-50,00", -50],
    [" 7 ", 7],
  ])("%j is %d", async (text, expected) => {
    expect(await parse("decimal", text)).toBe(expected);
  });

  it.each(["12,3,4", "abc", "1.2.3"])("%j is not a number", async (text) => {
    expect(await parse("decimal", text)).toBeNull();
  });

  it("reads a decimal comma strictly when the profile says so", async () => {
    expect(await parse("decimal", "1.234,5", { ...auto, decimal: "," })).toBe(1234.5);
    expect(await parse("decimal", "1,234.5", { ...auto, decimal: "." })).toBe(1234.5);
  });
});

describe("dates", () => {
  it.each([
    ["01.10.2026 10:15", "2026-10-01T10:15:00.000Z"],
    ["01.10.2026 10:15:42", "2026-10-01T10:15:42.000Z"],
    ["01.10.2026", "2026-10-01T00:00:00.000Z"],
    ["2026-10-01 10:15:00", "2026-10-01T10:15:00.000Z"],
    ["2026-10-01T10:15:00", "2026-10-01T10:15:00.000Z"],
    ["2026-10-01", "2026-10-01T00:00:00.000Z"],
  ])("%j is %s", async (text, iso) => {
    expect(((await parse("timestamp", text)) as Date).toISOString()).toBe(iso);
  });

  it("rejects impossible dates", async () => {
    expect(await parse("timestamp", "31.02.2026 10:00")).toBeNull();
    expect(await parse("date", "2026-13-01")).toBeNull();
  });

  it("tries the profile's own format first (month-first exports)", async () => {
    const d = await parse("timestamp", "10/01/2026 10:15", { ...auto, dateFormat: "%m/%d/%Y %H:%M" });
    expect((d as Date).toISOString()).toBe("2026-10-01T10:15:00.000Z");
  });
});

describe("contacts", () => {
  it.each([
    ["+7 (916) 123-45-67", "+79161234567"],
    ["89161234567", "+79161234567"],
    ["8-916-123-45-67", "+79161234567"],
    ["9161234567", "+79161234567"],
    ["7 916 123 45 67", "+79161234567"],
    ["+375 29 123-45-67", "+375291234567"],
  ])("phone %j is %s", async (text, e164) => {
    expect(await parse("phone", text)).toBe(e164);
  });

  it.each(["12345", "нет", "+7 916 123"])("phone %j is not a phone", async (text) => {
    expect(await parse("phone", text)).toBeNull();
  });

  it("lower-cases e-mails and refuses non-addresses", async () => {
    expect(await parse("email", " Ivan.Petrov@Mail.RU ")).toBe("ivan.petrov@mail.ru");
    expect(await parse("email", "ivan@mail")).toBeNull();
    expect(await parse("email", "ivan mail.ru")).toBeNull();
  });

  it("reads booleans in Russian and English", async () => {
    expect(await parse("bool", "да")).toBe(true);
    expect(await parse("bool", "Нет")).toBe(false);
    expect(await parse("bool", "1")).toBe(true);
    expect(await parse("bool", "maybe")).toBeNull();
  });
});

describe("text", () => {
  it.each([
    [" S1 ", "S1"],
    ["S1", "S1"],
    ["   ", null],
    ["", null],
  ])("%j is %j", async (text, expected) => {
    expect(await parse("text", text)).toBe(expected);
  });

  it("lower-cases accepted values after trimming", async () => {
    const row = await wh.one<{ v: unknown }>(`SELECT ${parseExpr("' Card '", "VARCHAR", { kind: "text", accepted: ["card"] }, auto)} AS v`);
    expect(row.v).toBe("card");
  });

  it("takes a typed column of the column's own type as it is", () => {
    expect(parseExpr('"n"', "BIGINT", { kind: "int" }, auto)).toBe('"n"');
    expect(parseExpr('"d"', "DECIMAL(18,2)", { kind: "decimal" }, auto)).toBe('"d"');
  });
});

describe("checks", () => {
  async function problemOf(spec: ColumnRule, raw: string | null, sourceType = "VARCHAR"): Promise<unknown> {
    const rawSql = raw === null ? `NULL::${sourceType}` : `CAST(${sqlString(raw)} AS ${sourceType})`;
    const checks = columnChecks("c", spec, "v", "r", sourceType, "false", auto);
    const row = await wh.one<{ p: unknown }>(
      `SELECT coalesce(${checks.join(", ") || "NULL"}) AS p FROM (SELECT r, ${parseExpr("r", sourceType, spec, auto)} AS v FROM (SELECT ${rawSql} AS r))`,
    );
    return row.p;
  }

  it("calls a required text value of spaces missing, and a padded one fine", async () => {
    expect(await problemOf({ kind: "text", key: true }, "   ")).toBe("c\tmissing_required");
    expect(await problemOf({ kind: "text", key: true }, null)).toBe("c\tmissing_required");
    expect(await problemOf({ kind: "text", key: true }, " S1 ")).toBeNull();
  });

  it("tells a value that does not parse from one that is missing", async () => {
    expect(await problemOf({ kind: "int", required: true }, "x")).toBe("c\tinvalid_int\tx");
    expect(await problemOf({ kind: "int", required: true }, "  ")).toBe("c\tmissing_required");
    expect(await problemOf({ kind: "int" }, "  ")).toBeNull();
    expect(await problemOf({ kind: "int", required: true }, null, "BIGINT")).toBe("c\tmissing_required");
    expect(await problemOf({ kind: "int", required: true }, "5", "BIGINT")).toBeNull();
  });

  it("checks nothing for an optional column that cannot fail", () => {
    expect(columnChecks("c", { kind: "text" }, "v", "r", "VARCHAR", "false", auto)).toEqual([]);
    expect(columnChecks("c", { kind: "int" }, "v", "r", "BIGINT", "false", auto)).toEqual([]);
  });

  it("does not look at the raw text again when only absence can be wrong", () => {
    const [check] = columnChecks("c", { kind: "text", key: true }, "v", "r", "VARCHAR", "false", auto);
    expect(check).not.toContain("trim");
  });
});
