import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sqlString, Warehouse } from "../src/db/warehouse.js";
import { ConfigError } from "../src/errors.js";
import { loadSegmentFile } from "./load-segments.js";
import { ExportTooLargeError, writeExport } from "./write-export.js";

/**
 * Two hand-made rows: an integer, Cyrillic text, a fraction (1234.5 as DOUBLE), a date, text with
 * the `;` delimiter and double quotes, a DECIMAL(10,2) and text with a comma.
 */
const QUERY = `SELECT * FROM (VALUES
    (1, 'Иванова Анна', 1234.5::DOUBLE, DATE '2026-10-31', 'a;b "quoted"', 12.0::DECIMAL(10,2), 'x, y'),
    (2, 'Ёжик', -0.25::DOUBLE, NULL::DATE, 'plain', 3.1::DECIMAL(10,2), 'z')
  ) t(id, name, amount, day, note, price, comma) ORDER BY id`;

let wh: Warehouse;
let dir: string;
beforeAll(async () => {
  wh = await Warehouse.open(":memory:");
  dir = mkdtempSync(join(tmpdir(), "loyalty-export-test-"));
});
afterAll(async () => {
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
});

function leftovers(): string[] {
  return readdirSync(dir).filter((f) => f.includes(".partial") || f.endsWith(".body"));
}

describe("writeExport", () => {
  it("writes CSV for Russian Excel by default: BOM, `;`, decimal commas, quoted delimiters", async () => {
    const path = join(dir, "members.csv");
    expect(await writeExport(wh, QUERY, path, { format: "csv" })).toEqual({ rows: 2 });
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString("utf8").split(/\r?\n/)).toEqual([
      "id;name;amount;day;note;price;comma",
      // 1234.5 → "1234,5"; DECIMAL 12.00 → "12,00"; the `;` and the quotes make the note quoted, quotes doubled
      '1;Иванова Анна;1234,5;2026-10-31;"a;b ""quoted""";12,00;x, y',
      "2;Ёжик;-0,25;;plain;3,10;z",
      "",
    ]);
    expect(leftovers()).toEqual([]);
  });

  it("writes CSV with `,` and decimal points", async () => {
    const path = join(dir, "members-comma.csv");
    expect(await writeExport(wh, QUERY, path, { format: "csv", delimiter: "," })).toEqual({ rows: 2 });
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString("utf8").split(/\r?\n/)).toEqual([
      "id,name,amount,day,note,price,comma",
      '1,Иванова Анна,1234.5,2026-10-31,"a;b ""quoted""",12.00,"x, y"',
      "2,Ёжик,-0.25,,plain,3.10,z",
      "",
    ]);
    expect(leftovers()).toEqual([]);
  });

  it("asked to (files for people), writes text Excel would run as a formula with a leading apostrophe, numbers and phones as they are", async () => {
    // a customer's first name is whatever they typed into the app
    const risky = String.raw`SELECT * FROM (VALUES
        (1, '=HYPERLINK("x")'), (2, '@SUM(A1)'), (3, '-5'), (4, '+79160000001'), (5, 'Анна'),
        (6, '-1,5'), (7, E'\tcmd'), (8, '+7 916'), (9, NULL)
      ) t(id, first_name) ORDER BY id`;
    const expected = (d: string) => [
      `id${d}first_name`,
      `1${d}"'=HYPERLINK(""x"")"`,
      `2${d}'@SUM(A1)`,
      `3${d}-5`,
      `4${d}+79160000001`,
      `5${d}Анна`,
      `6${d}${d === "," ? '"-1,5"' : "-1,5"}`,
      `7${d}'\tcmd`,
      `8${d}'+7 916`,
      `9${d}`,
      "",
    ];
    for (const delimiter of [";", ","] as const) {
      const path = join(dir, `risky${delimiter === ";" ? "-semicolon" : "-comma"}.csv`);
      expect(await writeExport(wh, risky, path, { format: "csv", delimiter, defuseFormulas: true })).toEqual({ rows: 9 });
      expect(readFileSync(path).subarray(3).toString("utf8").split(/\r?\n/)).toEqual(expected(delimiter));
    }
    expect(leftovers()).toEqual([]);
  });

  it("by default (files for systems) leaves text exactly as it is", async () => {
    const path = join(dir, "as-is.csv");
    await writeExport(wh, "SELECT '-20% на всё до воскресенья' AS offer_text, '=1' AS x", path, { format: "csv" });
    expect(readFileSync(path).subarray(3).toString("utf8")).toBe("offer_text;x\n-20% на всё до воскресенья;=1\n");
  });

  it("writes a formula-like first name to XLSX as a string cell, never a formula", async () => {
    const path = join(dir, "formula.xlsx");
    await writeExport(wh, "SELECT '=1+1' AS first_name", path, { format: "xlsx" });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const cell = book.worksheets[0].getCell("A2");
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe("=1+1");
    expect(cell.formula).toBeUndefined();
  });

  it("writes XLSX with a bold header, text and number cells", async () => {
    const path = join(dir, "members.xlsx");
    expect(await writeExport(wh, QUERY, path, { format: "xlsx", sheet: "Сегмент" })).toEqual({ rows: 2 });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const sheet = book.getWorksheet("Сегмент")!;
    expect(sheet).toBeDefined();
    expect(sheet.rowCount).toBe(3);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(["id", "name", "amount", "day", "note", "price", "comma"]);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.getCell("B2").value).toBe("Иванова Анна");
    expect(sheet.getCell("B3").value).toBe("Ёжик");
    expect(sheet.getCell("C2").type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getCell("C2").value).toBe(1234.5);
    expect(sheet.getCell("A3").value).toBe(2);
    expect(sheet.getCell("D2").type).toBe(ExcelJS.ValueType.Date);
    expect((sheet.getCell("D2").value as Date).toISOString()).toBe("2026-10-31T00:00:00.000Z");
    expect(sheet.getCell("E2").value).toBe('a;b "quoted"');
    expect(sheet.getCell("F3").type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getCell("F3").value).toBe(3.1);
    expect(leftovers()).toEqual([]);
  });

  it("writes Parquet and JSON that read back to the same rows", async () => {
    const parquet = join(dir, "members.parquet");
    const json = join(dir, "members.json");
    expect(await writeExport(wh, QUERY, parquet, { format: "parquet" })).toEqual({ rows: 2 });
    expect(await writeExport(wh, QUERY, json, { format: "json" })).toEqual({ rows: 2 });
    const readBack = (from: string) =>
      wh.all(`SELECT id::INT AS id, name, amount::DOUBLE AS amount, day::VARCHAR AS day, note, price::DOUBLE AS price, comma FROM ${from} ORDER BY id`);
    const expected = [
      { id: 1, name: "Иванова Анна", amount: 1234.5, day: "2026-10-31", note: 'a;b "quoted"', price: 12, comma: "x, y" },
      { id: 2, name: "Ёжик", amount: -0.25, day: null, note: "plain", price: 3.1, comma: "z" },
    ];
    expect(await readBack(`read_parquet(${sqlString(parquet)})`)).toEqual(expected);
    expect(await readBack(`read_json(${sqlString(json)})`)).toEqual(expected);
    // Parquet keeps the types
    const types = await wh.all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet(${sqlString(parquet)})`);
    expect(Object.fromEntries(types.map((c) => [c.column_name, c.column_type]))).toMatchObject({ amount: "DOUBLE", day: "DATE", price: "DECIMAL(10,2)" });
    // JSON is one array of objects
    const parsed = JSON.parse(readFileSync(json, "utf8")) as unknown[];
    expect(parsed).toHaveLength(2);
    expect(parsed[0]).toMatchObject({ id: 1, name: "Иванова Анна", amount: 1234.5, day: "2026-10-31" });
    expect(leftovers()).toEqual([]);
  });

  it("runs the query once for CSV, Parquet and JSON: COPY reports the rows it wrote", async () => {
    // spies call through to the warehouse, only noting the SQL (`one` goes through `all`)
    const spies = [vi.spyOn(wh, "exec"), vi.spyOn(wh, "all")];
    let sql: string[];
    try {
      for (const format of ["csv", "parquet", "json"] as const) {
        expect(await writeExport(wh, QUERY, join(dir, `once.${format}`), { format })).toEqual({ rows: 2 });
      }
      sql = spies.flatMap((spy) => spy.mock.calls.map(([query]) => String(query)));
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(sql.filter((q) => q.startsWith("COPY"))).toHaveLength(3);
    expect(sql.filter((q) => /count\(/i.test(q))).toEqual([]);
  });

  it("leaves the previous file whole when an export fails", async () => {
    const path = join(dir, "kept.csv");
    await writeExport(wh, QUERY, path, { format: "csv" });
    const before = readFileSync(path);
    await expect(writeExport(wh, "SELECT * FROM no_such_table", path, { format: "csv" })).rejects.toThrow(/no_such_table/);
    await expect(writeExport(wh, "SELECT * FROM no_such_table", join(dir, "never.parquet"), { format: "parquet" })).rejects.toThrow();
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(join(dir, "never.parquet"))).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it("refuses more rows than an Excel sheet holds, before writing anything", async () => {
    const path = join(dir, "huge.xlsx");
    await expect(writeExport(wh, "SELECT * FROM range(1048576)", path, { format: "xlsx" })).rejects.toThrow(ExportTooLargeError);
    await expect(writeExport(wh, "SELECT * FROM range(1048576)", path, { format: "xlsx" })).rejects.toThrow(/^1,048,576 rows do not fit one Excel sheet/);
    expect(existsSync(path)).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it("creates the target folder", async () => {
    const path = join(dir, "nested", "deeper", "m.json");
    expect(await writeExport(wh, QUERY, path, { format: "json" })).toEqual({ rows: 2 });
    expect(existsSync(path)).toBe(true);
    expect(readdirSync(join(dir, "nested", "deeper"))).toEqual(["m.json"]);
  });
});

describe("loadSegmentFile", () => {
  const yaml = (name: string) => `name: ${name}\ntitle: "Тест"\nwhere: { field: frequency, gt: 5 }\n`;

  it("loads a definition whose name is its file's name", async () => {
    const path = join(dir, "regulars.yaml");
    writeFileSync(path, yaml("regulars"));
    expect(await loadSegmentFile(path)).toEqual({ name: "regulars", title: "Тест", where: { field: "frequency", gt: 5 } });
  });

  it("rejects a name that differs from the file's", async () => {
    const path = join(dir, "regulars-copy.yaml");
    writeFileSync(path, yaml("regulars"));
    await expect(loadSegmentFile(path)).rejects.toThrow(ConfigError);
    await expect(loadSegmentFile(path)).rejects.toThrow(`${path}: "name" is "regulars" but the file is regulars-copy.yaml: they must match`);
  });

  it("names the file when it cannot be parsed, and the key when it is invalid", async () => {
    const broken = join(dir, "broken.yaml");
    writeFileSync(broken, "name: broken\nwhere: { field: frequency, gt: [\n");
    await expect(loadSegmentFile(broken)).rejects.toThrow(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: "\\(file\\)" cannot be parsed`));
    const json = join(dir, "bad-json.json");
    writeFileSync(json, JSON.stringify({ name: "bad-json", title: "x", where: { field: "frequency", between: [9, 1] } }));
    await expect(loadSegmentFile(json)).rejects.toThrow(`${json}: "where.between" lower bound above upper`);
  });
});
