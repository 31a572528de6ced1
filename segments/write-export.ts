/**
 * Writes a query's rows to a file a marketer or a system can open: CSV that Excel opens right
 * (UTF-8 with BOM; `;` with decimal commas for Russian Excel), XLSX, Parquet or JSON. Files appear
 * whole or not at all: they are written beside the target and renamed into place.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { pipeline } from "node:stream/promises";
import ExcelJS from "exceljs";
import { sqlString, type Warehouse } from "../src/db/warehouse.js";
import { EXIT, LoyaltyError } from "../src/errors.js";

export const EXPORT_FORMATS = ["csv", "xlsx", "parquet", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface WriteOptions {
  format: ExportFormat;
  /** CSV only: `;` (Excel in Russian locales, with decimal commas) or `,`. */
  delimiter?: ";" | ",";
  /** XLSX sheet name. */
  sheet?: string;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** One worksheet holds 1,048,576 rows including the header. */
const XLSX_MAX_ROWS = 1_048_575;

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

async function copyTo(wh: Warehouse, query: string, path: string, options: string): Promise<number> {
  await wh.exec(`COPY (${query}) TO ${sqlString(path)} (${options})`);
  return countRows(wh, query);
}

async function countRows(wh: Warehouse, query: string): Promise<number> {
  return (await wh.one<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM (${query})`)).n;
}

/**
 * DuckDB writes the CSV; the BOM (which DuckDB cannot write) is put in front of it. With `;` the
 * fractional numbers get decimal commas, as Excel in a Russian locale reads them.
 */
async function writeCsv(wh: Warehouse, query: string, path: string, options: WriteOptions): Promise<number> {
  const delimiter = options.delimiter ?? ";";
  const body = `${path}.body`;
  try {
    const source = delimiter === ";" ? await withDecimalCommas(wh, query) : query;
    const rows = await copyTo(wh, source, body, `FORMAT csv, HEADER true, DELIMITER ${sqlString(delimiter)}`);
    const out = createWriteStream(path);
    out.write(UTF8_BOM);
    await pipeline(createReadStream(body), out);
    return rows;
  } finally {
    await rm(body, { force: true });
  }
}

async function withDecimalCommas(wh: Warehouse, query: string): Promise<string> {
  const columns = await wh.all<{ column_name: string; column_type: string }>(`DESCRIBE (${query})`);
  const list = columns.map(({ column_name: name, column_type: type }) => {
    const quoted = `"${name.replaceAll('"', '""')}"`;
    return /^(DOUBLE|FLOAT|REAL|DECIMAL)/.test(type) ? `replace(${quoted}::VARCHAR, '.', ',') AS ${quoted}` : quoted;
  });
  return `SELECT ${list.join(", ")} FROM (${query})`;
}

/** Streams rows into the workbook chunk by chunk, so a million members never sit in memory at once. */
async function writeXlsx(wh: Warehouse, query: string, path: string, options: WriteOptions): Promise<number> {
  const total = await countRows(wh, query);
  if (total > XLSX_MAX_ROWS) {
    throw new ExportTooLargeError(total);
  }
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
