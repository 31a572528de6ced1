/**
 * DuckDB reads UTF-8 only and no `encodings` extension can be installed offline, so Windows-1251
 * (and gzip-compressed Windows-1251) files are streamed through iconv-lite into a UTF-8 temp file.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import iconv from "iconv-lite";
import type { Encoding } from "./sniff-file.js";

export interface TranscodedFile {
  path: string;
  cleanup: () => Promise<void>;
}

export async function transcodeToUtf8(path: string, encoding: Encoding, gzip: boolean): Promise<TranscodedFile> {
  const dir = await mkdtemp(join(tmpdir(), "loyalty-ingest-"));
  const out = join(dir, basename(path).replace(/\.gz$/i, ""));
  const decode = () => [iconv.decodeStream(encoding), iconv.encodeStream("utf-8"), createWriteStream(out)] as const;
  if (gzip) await pipeline(createReadStream(path), createGunzip(), ...decode());
  else await pipeline(createReadStream(path), ...decode());
  return { path: out, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
