/**
 * Gives the rows of `parsed` and `rejected` their record numbers and lines (see record-lines.ts):
 * DuckDB numbers the good records among themselves and names a malformed one by the byte it starts
 * at; this scans the file once and writes `line_deltas` (record → line) for the quarantine.
 */
import type { Warehouse } from "../src/db/warehouse.js";
import { mapRecordLines } from "./record-lines.js";

/** An empty `line_deltas`: every record is on the line of its number (Parquet, or nothing to report). */
export async function noLineDeltas(wh: Warehouse): Promise<void> {
  await wh.exec("CREATE OR REPLACE TEMP TABLE line_deltas (record BIGINT, delta BIGINT)");
}

export async function numberRecords(wh: Warehouse, path: string, o: { gzip: boolean; quoted: boolean }): Promise<void> {
  const rejects = (await wh.all<{ byte: number }>("SELECT byte FROM rejected ORDER BY byte")).map((r) => r.byte);
  const map = await mapRecordLines(path, o, rejects);
  await noLineDeltas(wh);
  await wh.insert("line_deltas", map.deltas);
  if (rejects.length === 0) return;
  await wh.exec("CREATE OR REPLACE TEMP TABLE reject_records (byte BIGINT, record BIGINT)");
  await wh.insert("reject_records", [...map.rejects].map(([byte, record]) => ({ byte, record })));
  // The i-th malformed record (record r_i) pushes every good record from r_i − (i − 1) on, as DuckDB
  // numbered them, one further: the good records' numbers skip the malformed ones.
  await wh.exec(`UPDATE rejected SET record = r.record FROM reject_records r WHERE rejected.byte = r.byte;
    CREATE OR REPLACE TEMP TABLE reject_shift AS
      SELECT record - (row_number() OVER (ORDER BY record) - 1) AS threshold, row_number() OVER (ORDER BY record) AS shift FROM rejected;
    UPDATE parsed SET _line = parsed._line + s.shift
    FROM (SELECT p._line AS old_line, r.shift FROM parsed p ASOF JOIN reject_shift r ON p._line >= r.threshold) s
    WHERE parsed._line = s.old_line;`);
}
