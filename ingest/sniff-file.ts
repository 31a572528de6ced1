/**
 * Looks at the first bytes of a feed file and tells how to read it: format, compression, encoding,
 * CSV delimiter and whether the first line is a header. DuckDB's own sniffer is not used for the
 * last two because it guesses types, and every column here lands as text first.
 */
import { open } from "node:fs/promises";
import { basename } from "node:path";
import { gunzipSync } from "node:zlib";
import iconv from "iconv-lite";
import { InputFileError } from "../src/errors.js";

export type FileFormat = "csv" | "jsonl" | "parquet";
export type Encoding = "utf-8" | "windows-1251";

export interface SniffedFile {
  format: FileFormat;
  gzip: boolean;
  encoding: Encoding;
  /** First lines of the decoded text (empty for Parquet). */
  head: string[];
}

const SAMPLE_BYTES = 64 * 1024;
export const DELIMITERS = [";", ",", "\t", "|"] as const;

export async function sniffFile(path: string): Promise<SniffedFile> {
  const raw = await readStart(path);
  const gzip = raw[0] === 0x1f && raw[1] === 0x8b;
  if (/\.gz$/i.test(path) && !gzip) throw new InputFileError(basename(path), "is named .gz but is not gzip-compressed (a file renamed, or cut before its header?)");
  if (raw.subarray(0, 4).toString("latin1") === "PAR1") return { format: "parquet", gzip: false, encoding: "utf-8", head: [] };
  if (/\.parquet$/i.test(path)) throw new InputFileError(basename(path), "is named .parquet but is not a Parquet file (it does not start with PAR1)");
  const bytes = gzip ? gunzipStart(path, raw) : raw;
  const encoding = detectEncoding(bytes);
  const text = iconv.decode(bytes, encoding).replace(/^\uFEFF/, "");
  const head = text.split(/\r?\n/).slice(0, 50);
  if (head.length > 1) head.pop(); // the last line of a sample may be cut mid-way
  const firstContent = head.find((l) => l.trim() !== "") ?? "";
  const format: FileFormat = /^\s*[{[]/.test(firstContent) || /\.jsonl?(\.gz)?$|\.ndjson(\.gz)?$/i.test(path) ? "jsonl" : "csv";
  return { format, gzip, encoding, head };
}

async function readStart(path: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch (err) {
    throw new InputFileError(path, `cannot be opened: ${(err as Error).message}`);
  }
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Decompresses as much of the sample as is whole; a truncated gzip tail is expected here. */
function gunzipStart(path: string, raw: Buffer): Buffer {
  try {
    return gunzipSync(raw, { finishFlush: 2 /* Z_SYNC_FLUSH: accept a cut-off stream */ });
  } catch (err) {
    throw new InputFileError(basename(path), `looks gzip-compressed but cannot be decompressed: ${(err as Error).message}`);
  }
}

/** UTF-8 when the sample decodes as UTF-8, else Windows-1251. */
export function detectEncoding(bytes: Buffer): Encoding {
  try {
    // `stream` tolerates a character cut at the end of the sample, and nothing else.
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: true });
    return "utf-8";
  } catch {
    return "windows-1251";
  }
}

/** The delimiter that splits the sample lines into the same, largest number of fields. */
export function detectDelimiter(lines: string[]): string {
  const sample = lines.filter((l) => l.trim() !== "").slice(0, 20);
  let best: string = DELIMITERS[0];
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const counts = sample.map((l) => splitCsvLine(l, d).length);
    const consistent = counts.filter((c) => c === counts[0]).length / Math.max(1, counts.length);
    const score = counts[0] > 1 ? counts[0] * consistent : 0;
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

/** Splits one CSV line on `delimiter`, honouring double quotes (enough for sniffing). */
export function splitCsvLine(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = "";
    } else field += ch;
  }
  fields.push(field);
  return fields.map((f) => f.trim());
}

/** A first line is a header when at least one of its fields names a column we expect. */
export function looksLikeHeader(fields: string[], expectedNames: Iterable<string>): boolean {
  const expected = new Set([...expectedNames].map(normaliseName));
  return fields.some((f) => expected.has(normaliseName(f)));
}

export function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, "_");
}
