import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/config.js";
import { seedTinyChain } from "../../test/fixtures/tiny-chain.js";
import { tempWarehouse } from "../../test/helpers/temp-warehouse.js";
import { loadFile } from "../../ingest/load-file.js";
import { buildModels, selectModels } from "../build-models.js";
import { MODELS } from "../registry.js";

let t: Awaited<ReturnType<typeof tempWarehouse>>;
const ctx = { asOf: "2026-11-01", params: parseConfig({}).models };
const build = (full = false) => buildModels(t.wh, selectModels(MODELS, "+fct_receipts"), ctx, { full });

beforeAll(async () => {
  t = await tempWarehouse();
  await seedTinyChain(t.wh);
});
afterAll(() => t.cleanup());

describe("fct_receipts", () => {
  it("signs returns, finds the member behind the card and counts items from the lines", async () => {
    await build(true);
    expect(await t.wh.all("SELECT receipt_id, member_id, is_identified, net_amount, gross_amount, items FROM fct_receipts WHERE receipt_id IN ('R3', 'R4', 'R5') ORDER BY 1")).toEqual([
      { receipt_id: "R3", member_id: null, is_identified: false, net_amount: 100, gross_amount: 100, items: 1 },
      { receipt_id: "R4", member_id: "C2", is_identified: true, net_amount: 500, gross_amount: 500, items: 4 },
      { receipt_id: "R5", member_id: "C2", is_identified: true, net_amount: -100, gross_amount: 0, items: -1 },
    ]);
  });

  it("rebuilds only the new days incrementally, and ends up equal to a full rebuild", async () => {
    await build(true);
    const header = "store_id;receipt_id;till_id;receipt_at;card_number;total;discount;bonus_earned;bonus_spent;payment_type;is_return;original_receipt_id";
    const path = t.write("receipts_2026-11-01.csv", `${header}\nS1;R7;1;01.11.2026 10:00;K1;250;0;0;0;card;0;\nS2;R8;1;01.11.2026 11:00;;80;0;0;0;cash;0;\n`);
    await loadFile(t.wh, path);
    const [incremental] = await build();
    expect(incremental).toMatchObject({ model: "fct_receipts", mode: "incremental" });
    const after = await t.wh.all("SELECT * FROM fct_receipts ORDER BY store_id, receipt_id");
    expect(after).toHaveLength(10);
    await build(true);
    expect(await t.wh.all("SELECT * FROM fct_receipts ORDER BY store_id, receipt_id")).toEqual(after);
  });
});
