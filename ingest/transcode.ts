/**
 * Text that DuckDB cannot read as it is gets rewritten into a UTF-8 temp file first, streaming:
 * Windows-1251 (DuckDB reads UTF-8 only, and no `encodings` extension can be installed offline),
 * gzip-compressed Windows-1251, and whitespace-aligned columns (runs of spaces become one tab).
 * Windows-1251 goes through a table-driven transcoder (encoding/windows-1251.ts, 3–4× iconv-lite's
 * speed) that also refuses a file with UTF-8 lines in it, naming the first such line.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import iconv from "iconv-lite";
import { InputFileError } from "../src/errors.js";
import { MixedEncodingError, Windows1251ToUtf8 } from "./encoding/windows-1251.js";
import type { Encoding } from "./sniff-file.js";

export interface RewrittenFile {
  path: string;
  cleanup: () => Promise<void>;
}

export interface RewriteOptions {
  encoding: Encoding;
  gzip: boolean;
  /** Columns separated by runs of spaces or tabs: rewritten tab-separated, lines trimmed. */
  whitespaceColumns: boolean;
}

/** The temp folders of rewritten copies (prune-ingest-temp.ts removes a killed ingest's). */
export const INGEST_TEMP_PREFIX = "loyalty-ingest-";

export async function rewriteAsUtf8(path: string, o: RewriteOptions): Promise<RewrittenFile> {
  const dir = await mkdtemp(join(tmpdir(), INGEST_TEMP_PREFIX));
  const out = join(dir, basename(path).replace(/\.gz$/i, ""));
  const stages: NodeJS.ReadWriteStream[] = [];
  if (o.gzip) stages.push(createGunzip());
  // the transcoder's pieces end on whole characters, so the whitespace rewrite can take them as text
  if (o.encoding === "windows-1251") stages.push(new Windows1251ToUtf8());
  else if (o.whitespaceColumns) stages.push(iconv.decodeStream("utf-8"));
  if (o.whitespaceColumns) stages.push(new WhitespaceToTabs());
  if (o.whitespaceColumns && o.encoding !== "windows-1251") stages.push(iconv.encodeStream("utf-8"));
  try {
    await pipeline([createReadStream(path, { highWaterMark: 1 << 20 }), ...stages, createWriteStream(out)]);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    if (err instanceof MixedEncodingError) throw new InputFileError(basename(path), `${err.message}; nothing of it was loaded`);
    throw err;
  }
  return { path: out, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Rewrites decoded text line by line: trims each line and joins its fields with one tab. */
class WhitespaceToTabs extends Transform {
  private rest = "";

  constructor() {
    super({ decodeStrings: false, encoding: "utf8" });
  }

  override _transform(chunk: string | Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const text = this.rest + chunk.toString();
    const end = text.lastIndexOf("\n");
    this.rest = text.slice(end + 1);
    done(null, end < 0 ? "" : this.convert(text.slice(0, end + 1)));
  }

  override _flush(done: TransformCallback): void {
    done(null, this.convert(this.rest));
  }

  private convert(lines: string): string {
    return lines.replace(/^[ \t]+|[ \t\r]+$/gm, "").replace(/[ \t]+/g, "\t");
  }
}
