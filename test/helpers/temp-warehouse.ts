import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import iconv from "iconv-lite";
import { ensureSchema } from "../../src/db/ensure-schema.js";
import { Warehouse } from "../../src/db/warehouse.js";

/** A fresh in-memory warehouse with the schema, and a temp folder for feed files. */
export async function tempWarehouse(): Promise<{ wh: Warehouse; dir: string; write: (name: string, text: string, o?: { encoding?: "utf-8" | "windows-1251"; gzip?: boolean; bom?: boolean }) => string; cleanup: () => Promise<void> }> {
  const wh = await Warehouse.open(":memory:");
  await ensureSchema(wh);
  const dir = mkdtempSync(join(tmpdir(), "loyalty-test-"));
  const write = (name: string, text: string, o: { encoding?: "utf-8" | "windows-1251"; gzip?: boolean; bom?: boolean } = {}) => {
    let bytes = o.encoding === "windows-1251" ? iconv.encode(text, "win1251") : Buffer.from((o.bom ? "\uFEFF" : "") + text, "utf8");
    if (o.gzip) bytes = gzipSync(bytes);
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  return {
    wh,
    dir,
    write,
    cleanup: async () => {
      await wh.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
