import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { withWarehouse } from "../src/db/warehouse.js";
import { loadFile } from "../ingest/load-file.js";

const dir = mkdtempSync(join(tmpdir(), "loyalty-crash-"));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("a process killed mid-file", () => {
  it("leaves no partial rows, and the file loads whole on the next run", async () => {
    const warehouse = join(dir, "warehouse.duckdb");
    const feed = join(dir, "receipts_2026-10.csv");
    const rows = Array.from({ length: 5000 }, (_, i) => `S1;R${i + 1};1;01.10.2026 10:00;;${i + 1},50;0;0;0;cash;0;`);
    writeFileSync(feed, ["store_id;receipt_id;till_id;receipt_at;card_number;total;discount;bonus_earned;bonus_spent;payment_type;is_return;original_receipt_id", ...rows].join("\n"));

    const child = spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "helpers/load-then-die.ts"), warehouse, feed], { encoding: "utf8" });
    expect(child.signal).toBe("SIGKILL");

    await withWarehouse(warehouse, async (wh) => {
      expect(await wh.one("SELECT (SELECT count(*) FROM stg_receipts)::INT r, (SELECT count(*) FROM load_manifest)::INT m")).toEqual({ r: 0, m: 0 });
      const retry = await loadFile(wh, feed);
      expect(retry).toMatchObject({ status: "loaded", rowsRead: 5000, loaded: 5000 });
      expect(await wh.one("SELECT sum(total)::DOUBLE AS s FROM stg_receipts")).toEqual({ s: (5000 * 5001) / 2 + 2500 });
    });
  }, 30_000);
});
