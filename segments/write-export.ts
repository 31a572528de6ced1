/**
 * Writes a query's rows to a file a marketer or a system can open: CSV that Excel opens right
 * (UTF-8 with BOM; `;` with decimal commas for Russian Excel; no text Excel would run as a formula),
 * XLSX, Parquet or JSON. Files appear whole or not at all: they are written beside the target and
 * renamed into place.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { pipeline } from "node:stream/promises";
import { quoteIdent, sqlString, type Warehouse } from "../src/db/warehouse.js";
import { EXIT, LoyaltyError } from "../src/errors.js";
import type { ExportFormat } from "./export-shapes.js";


export interface WriteOptions {
  format: ExportFormat;
  /** CSV only: `;` (Excel in Russian locales, with decimal commas) or `,`. */
  delimiter?: ";" | ",";
  /** XLSX sheet name. */
  sheet?: string;
  /**
   * CSV only: give text that Excel would run as a formula a leading apostrophe. For files people
   * open (the marketer shape); files systems read (pos, mailer, destinations) carry text unchanged.
   */
  defuseFormulas?: boolean;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** One worksheet holds 1,048,576 rows including the header. */
const XLSX_MAX_ROWS = 1_048_575;
/** Excel runs a CSV cell starting with one of these as a formula (`=HYPERLINK(…)` in a first name). */
const FORMULA_START = String.raw`^[=+\-@\t\r]`;
/** …but a signed number or an E.164 phone (`-5`, `+79160000001`) is data, and stays as it is. */
const SIGNED_NUMBER = String.raw`^[+-]?[0-9]+([.,][0-9]+)?$`;

export async function writeExport(wh: Warehouse, query: string, path: string, options: WriteOptions): Promise<{ rows: number }> {
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  try {
    const rows = await WRITERS[options.format](wh, query, partial, options);
    await rename(partial, path);
    return { rows };
  } finally {
    await rm(partial, { force: true });
  }
}

type Writer = (wh: Warehouse, query: string, path: string, options: WriteOptions) => Promise<number>;

const WRITERS: Record<ExportFormat, Writer> = {
  parquet: (wh, query, path) => copyTo(wh, query, path, "FORMAT parquet, COMPRESSION zstd"),
  json: (wh, query, path) => copyTo(wh, query, path, "FORMAT json, ARRAY true"),
  csv: writeCsv,
  xlsx: writeXlsx,
};

/** COPY answers with the number of rows it wrote, so the query is not run a second time to count them. */
async function copyTo(wh: Warehouse, query: string, path: string, options: string): Promise<number> {
  return (await wh.one<{ Count: number }>(`COPY (${query}) TO ${sqlString(path)} (${options})`)).Count;
}

/** DuckDB writes the CSV; the BOM (which DuckDB cannot write) is put in front of it. */
async function writeCsv(wh: Warehouse, query: string, path: string, options: WriteOptions): Promise<number> {
  const delimiter = options.delimiter ?? ";";
  const body = `${path}.body`;
  try {
    const source = await forExcel(wh, query, delimiter, options.defuseFormulas ?? false);
    const rows = await copyTo(wh, source, body, `FORMAT csv, HEADER true, DELIMITER ${sqlString(delimiter)}`);
    const out = createWriteStream(path);
    out.write(UTF8_BOM);
    await pipeline(createReadStream(body), out);
    return rows;
  } finally {
    await rm(body, { force: true });
  }
}

/**
 * The query's columns as Excel should read them: with `;` the fractional numbers get decimal
 * commas, as Excel in a Russian locale reads them; when asked, text that Excel would run as a
 * formula gets a leading apostrophe, so it opens as text.
 */
async function forExcel(wh: Warehouse, query: string, delimiter: ";" | ",", defuseFormulas: boolean): Promise<string> {
  const columns = await wh.all<{ column_name: string; column_type: string }>(`DESCRIBE (${query})`);
  const list = columns.map(({ column_name: name, column_type: type }) => {
    const quoted = quoteIdent(name);
    if (defuseFormulas && type === "VARCHAR") {
      const formula = `regexp_matches(${quoted}, ${sqlString(FORMULA_START)}) AND NOT regexp_matches(${quoted}, ${sqlString(SIGNED_NUMBER)})`;
      return `CASE WHEN ${formula} THEN '''' || ${quoted} ELSE ${quoted} END AS ${quoted}`;
    }
    if (delimiter === ";" && /^(DOUBLE|FLOAT|REAL|DECIMAL)/.test(type)) return `replace(${quoted}::VARCHAR, '.', ',') AS ${quoted}`;
    return quoted;
  });
  return `SELECT ${list.join(", ")} FROM (${query})`;
}

/**
 * Streams rows into the workbook chunk by chunk, so a million members never sit in memory at once.
 * Strings stay string cells (exceljs writes a formula only when given `{ formula }`): no escaping.
 */
async function writeXlsx(wh: Warehouse, query: string, path: string, options: WriteOptions): Promise<number> {
  // Counted first, to refuse an oversized export before writing it. The count reads only the columns
  // it needs and costs a small fraction of writing the rows with exceljs (about 100k rows/s).
  const { n: total } = await wh.one<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM (${query})`);
  if (total > XLSX_MAX_ROWS) {
    throw new ExportTooLargeError(total);
  }
  // loaded here, not at the top: exceljs is about 500 modules, which every CLI command would pay for
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet(options.sheet ?? "segment", { views: [{ state: "frozen", ySplit: 1 }] });
  const columns = await wh.all<{ column_name: string }>(`DESCRIBE (${query})`);
  sheet.columns = columns.map(({ column_name: name }) => ({ header: name, key: name, width: Math.max(12, name.length + 2) }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let rows = 0;
  for await (const chunk of wh.stream(query)) {
    for (const row of chunk.rows) sheet.addRow(row).commit();
    rows += chunk.rows.length;
  }
  sheet.commit();
  await workbook.commit();
  return rows;
}

export class ExportTooLargeError extends LoyaltyError {
  constructor(rows: number) {
    super(`${rows.toLocaleString("en-US")} rows do not fit one Excel sheet (1,048,575 at most): export as csv or parquet instead.`, EXIT.usage);
  }
}
