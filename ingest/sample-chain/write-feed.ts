/**
 * Writing feed files in the shapes chains really send. DuckDB writes every body; Node only adds
 * what DuckDB cannot: a Windows-1251 re-encoding (streamed through iconv-lite) or a UTF-8 BOM.
 * Every file's columns are checked against `src/db/schema.ts`, so a header can never drift.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { basename, join } from "node:path";
import { pipeline } from "node:stream/promises";
import iconv from "iconv-lite";
import { FEEDS, sqlType, type FeedName } from "../../src/db/schema.js";
import { sqlString, type Warehouse } from "../../src/db/warehouse.js";

/** SQL expressions by column name; they must cover the feed's columns, in the schema's order. */
export type FeedExprs = Record<string, string>;

function orderedExprs(feed: FeedName, exprs: FeedExprs): [string, string][] {
  const expected = Object.keys(FEEDS[feed].columns);
  const given = Object.keys(exprs);
  if (given.join(",") !== expected.join(",")) {
    throw new Error(`feed ${feed}: columns ${given.join(",")} do not match the schema's ${expected.join(",")}`);
  }
  return expected.map((c) => [c, exprs[c]]);
}

/** `expr AS column, ...`; with `typed`, each value is cast to the warehouse type of its column. */
export function feedSelectList(feed: FeedName, exprs: FeedExprs, typed = false): string {
  const spec = FEEDS[feed].columns;
  return orderedExprs(feed, exprs)
    .map(([c, e]) => `${typed ? `CAST(${e} AS ${sqlType(spec[c].kind)})` : e} AS ${c}`)
    .join(",\n      ");
}

/** One delimited text line per row; NULLs become empty fields (concat_ws would drop them). */
export function feedLine(feed: FeedName, exprs: FeedExprs, delimiter: string): string {
  const fields = orderedExprs(feed, exprs).map(([, e]) => `coalesce(CAST(${e} AS VARCHAR), '')`);
  return `concat_ws(${sqlString(delimiter)}, ${fields.join(", ")})`;
}

export function feedHeader(feed: FeedName, delimiter: string): string {
  return Object.keys(FEEDS[feed].columns).join(delimiter);
}

/** A written file's name (inside the output folder) and its number of data rows. */
export interface WrittenFile {
  name: string;
  rows: number;
}

export interface FeedWriter {
  wh: Warehouse;
  /** Scratch folder for bodies waiting to be re-encoded. */
  tmpDir: string;
}

/**
 * A `;`-separated Windows-1251 CSV with CRLF line ends, as exported by Windows tills and 1C.
 * `linesSql` selects one VARCHAR column holding the finished line, so rows can be made malformed
 * on purpose; DuckDB writes it unquoted and the body is re-encoded on its way to the final file.
 */
export async function writeCp1251Csv(w: FeedWriter, path: string, header: string, linesSql: string): Promise<number> {
  const tmp = join(w.tmpDir, `${basename(path)}.utf8`);
  const rows = await copyCount(w.wh, linesSql, tmp, `FORMAT csv, HEADER false, QUOTE '', DELIMITER '\t', NEW_LINE '\r\n'`);
  await pipeline(
    async function* () {
      yield `${header}\r\n`;
      yield* createReadStream(tmp, { encoding: "utf8" });
    },
    iconv.encodeStream("win1251"),
    createWriteStream(path),
  );
  await rm(tmp);
  return rows;
}

/** A `,`-separated UTF-8 CSV with a header row; with `bom`, prefixed by a byte-order mark as Excel writes it. */
export async function writeUtf8Csv(w: FeedWriter, path: string, selectSql: string, bom: boolean): Promise<number> {
  if (!bom) return copyCount(w.wh, selectSql, path, `FORMAT csv, HEADER true, DELIMITER ','`);
  const tmp = join(w.tmpDir, `${basename(path)}.nobom`);
  const rows = await copyCount(w.wh, selectSql, tmp, `FORMAT csv, HEADER true, DELIMITER ','`);
  await pipeline(
    async function* () {
      yield Buffer.from([0xef, 0xbb, 0xbf]);
      yield* createReadStream(tmp);
    },
    createWriteStream(path),
  );
  await rm(tmp);
  return rows;
}

export async function writeJsonLines(w: FeedWriter, path: string, selectSql: string, gzip = false): Promise<number> {
  return copyCount(w.wh, selectSql, path, `FORMAT json${gzip ? ", COMPRESSION gzip" : ""}`);
}

export async function writeParquet(w: FeedWriter, path: string, selectSql: string): Promise<number> {
  return copyCount(w.wh, selectSql, path, `FORMAT parquet, COMPRESSION zstd`);
}

async function copyCount(wh: Warehouse, selectSql: string, path: string, options: string): Promise<number> {
  const [result] = await wh.all<{ Count: number | bigint }>(`COPY (${selectSql}) TO ${sqlString(path)} (${options})`);
  return Number(result.Count);
}
