/**
 * Lines as an editor shows them. A CSV record can span several lines (a quoted field with a line
 * break in it) and blank lines are no records, so record n does not always start on line n.
 * Messages about bad rows must point where an editor points: this scans a file once, outside
 * DuckDB, and returns where the two numberings part. It runs only for files that have something to
 * report (quarantined rows, malformed records, conflicts), so clean files pay nothing for it.
 *
 * A record's number counts records as lines would be counted in a plain file: the header (if any)
 * is record 1, the first data record record 2. In a plain file, record and line are the same.
 */
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";

const LF = 10;
const CR = 13;
const QUOTE = 34;

export interface LineMap {
  /** Record number of each malformed record, which DuckDB names by a byte offset inside it (where its line starts). */
  rejects: Map<number, number>;
  /** From `record` on, a record starts on line `record + delta` (sorted by record; empty when they never part). */
  deltas: { record: number; delta: number }[];
}

async function* chunks(path: string, gzip: boolean): AsyncGenerator<Buffer> {
  const stream = gzip ? createReadStream(path).pipe(createGunzip()) : createReadStream(path, { highWaterMark: 1 << 20 });
  for await (const chunk of stream) yield chunk as Buffer;
}

/**
 * Scans a delimited text file record by record. With `quoted`, a double quote opens and closes a
 * quoted field (a doubled quote inside one toggles twice, which is the same as not at all), and line
 * breaks inside a quoted field do not end the record. Empty lines (only CR/LF) are skipped, as
 * DuckDB skips them.
 */
export async function mapRecordLines(path: string, o: { gzip: boolean; quoted: boolean }, rejectBytes: Iterable<number> = []): Promise<LineMap> {
  const rejects = [...rejectBytes].sort((a, b) => a - b);
  let next = 0;
  const map: LineMap = { rejects: new Map(), deltas: [] };
  /** Rejects before `byte` belong to the record that started last (the one they are in). */
  const assignBefore = (byte: number) => {
    for (; next < rejects.length && rejects[next] < byte; next++) map.rejects.set(rejects[next], Math.max(record, 1));
  };
  let line = 1;
  let offset = 0;
  let record = 0;
  let delta = 0;
  let inQuotes = false;
  /** The start of a line begun outside quotes on which nothing but CR has been seen yet. */
  let pending: { byte: number; line: number } | undefined = { byte: 0, line: 1 };
  for await (const buf of chunks(path, o.gzip)) {
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i];
      if (b === LF) {
        line++;
        pending = inQuotes ? undefined : { byte: offset + i + 1, line };
        continue;
      }
      if (pending && b !== CR) {
        assignBefore(pending.byte);
        record++;
        if (pending.line - record !== delta) {
          delta = pending.line - record;
          map.deltas.push({ record, delta });
        }
        pending = undefined;
      }
      if (o.quoted && b === QUOTE) inQuotes = !inQuotes;
    }
    offset += buf.length;
  }
  assignBefore(Infinity);
  return map;
}

/** The line record `record` starts on. */
export function lineOfRecord(map: LineMap, record: number): number {
  let delta = 0;
  for (const d of map.deltas) {
    if (d.record > record) break;
    delta = d.delta;
  }
  return record + delta;
}

/** The physical line (1-based) a byte offset of the file is on. */
export async function lineAtByte(path: string, gzip: boolean, byte: number): Promise<number> {
  let line = 1;
  let offset = 0;
  for await (const buf of chunks(path, gzip)) {
    const end = Math.min(buf.length, byte - offset);
    for (let i = buf.indexOf(LF); i !== -1 && i < end; i = buf.indexOf(LF, i + 1)) line++;
    offset += buf.length;
    if (offset >= byte) break;
  }
  return line;
}
