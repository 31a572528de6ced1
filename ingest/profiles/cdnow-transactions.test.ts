import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CDNOW_LOG } from "../../test/fixtures/cdnow/cdnow-files.js";
import { tempWarehouse } from "../../test/helpers/temp-warehouse.js";
import { loadFile } from "../load-file.js";
import { loadMappingProfile } from "../mapping-profile.js";


let t: Awaited<ReturnType<typeof tempWarehouse>>;
beforeEach(async () => {
  t = await tempWarehouse();
});
afterEach(() => t.cleanup());

describe("the CDNOW purchase log through the project's own ingest", () => {
  it("loads all 6,919 purchases of 2,357 customers (whitespace columns, no header, line numbers as ids)", async () => {
    const profile = await loadMappingProfile(join(import.meta.dirname, "cdnow-transactions.profile.yaml"));
    const r = await loadFile(t.wh, CDNOW_LOG, { profile });
    expect(r).toMatchObject({ feed: "receipts", rowsRead: 6919, loaded: 6919, quarantined: 0, duplicates: 0 });
    expect(
      await t.wh.one(`SELECT count(DISTINCT card_number)::INT AS customers, count(DISTINCT (card_number, receipt_at::DATE))::INT AS transactions,
        min(receipt_at)::DATE::VARCHAR AS first, max(receipt_at)::DATE::VARCHAR AS last FROM stg_receipts`),
    ).toEqual({ customers: 2357, transactions: 6696, first: "1997-01-01", last: "1998-06-30" });
    expect(await t.wh.one("SELECT card_number, receipt_at::DATE::VARCHAR AS day, total::DOUBLE AS total FROM stg_receipts WHERE receipt_id = '1'")).toEqual({
      card_number: "0001",
      day: "1997-01-01",
      total: 29.33,
    });
  });
});
