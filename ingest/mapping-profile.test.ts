import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempWarehouse } from "../test/helpers/temp-warehouse.js";
import { loadFile } from "./load-file.js";
import { loadMappingProfile } from "./mapping-profile.js";

const FIXTURES = join(import.meta.dirname, "../test/fixtures/foreign-pos");

let t: Awaited<ReturnType<typeof tempWarehouse>>;
beforeEach(async () => {
  t = await tempWarehouse();
});
afterEach(() => t.cleanup());

describe("a mapping profile for a foreign POS export (the operator's guide's worked example)", () => {
  it("maps Russian column names, day-first slashed dates, constants, value maps and negative-means-return", async () => {
    const profile = await loadMappingProfile(join(FIXTURES, "pos-receipts.profile.yaml"));
    const r = await loadFile(t.wh, join(FIXTURES, "kassa_export_2026-10-05.csv"), { profile });
    expect(r).toMatchObject({ feed: "receipts", rowsRead: 4, loaded: 3, quarantined: 1, duplicates: 0 });
    expect(
      await t.wh.all(
        `SELECT store_id, receipt_id, strftime(receipt_at, '%Y-%m-%d %H:%M') AS at, card_number, total::DOUBLE AS total,
           discount::DOUBLE AS discount, payment_type, is_return, original_receipt_id FROM stg_receipts ORDER BY receipt_id`,
      ),
    ).toEqual([
      { store_id: "MSK-07", receipt_id: "000118", at: "2026-10-05 09:12", card_number: "2990000000017", total: 2450, discount: 122.5, payment_type: "card", is_return: false, original_receipt_id: null },
      { store_id: "MSK-07", receipt_id: "000119", at: "2026-10-05 09:40", card_number: null, total: 318.4, discount: 0, payment_type: "cash", is_return: false, original_receipt_id: null },
      { store_id: "MSK-07", receipt_id: "000120", at: "2026-10-05 10:05", card_number: "2990000000024", total: 1200, discount: 0, payment_type: "card", is_return: true, original_receipt_id: "000101" },
    ]);
    expect(await t.wh.one("SELECT line, field, reason, value FROM quarantine")).toEqual({ line: 5, field: "total", reason: "invalid_decimal", value: "абв" });
  });

  it("names the bad key of a profile", async () => {
    const bad = t.write("bad.profile.json", JSON.stringify({ feed: "receipts", columns: { totl: "Сумма" } }));
    await expect(loadMappingProfile(bad)).rejects.toThrow(/bad\.profile\.json: "columns\.totl" is not a column of the receipts feed/);
    const unknown = t.write("unknown.profile.json", JSON.stringify({ feed: "receipts", delimeter: ";" }));
    await expect(loadMappingProfile(unknown)).rejects.toThrow(/unknown\.profile\.json: .*delimeter/);
    const feedless = t.write("feedless.profile.json", JSON.stringify({ feed: "sales" }));
    await expect(loadMappingProfile(feedless)).rejects.toThrow(/feedless\.profile\.json: "feed"/);
  });
});
