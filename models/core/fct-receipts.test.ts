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

  const RECEIPTS = "store_id;receipt_id;till_id;receipt_at;card_number;total;discount;bonus_earned;bonus_spent;payment_type;is_return;original_receipt_id";
  const rows = async () => t.wh.all("SELECT * FROM fct_receipts ORDER BY store_id, receipt_id");
  /** After an incremental build, the table a full build would give. */
  const expectEqualToFull = async () => {
    const incremental = await rows();
    await build(true);
    expect(await rows()).toEqual(incremental);
  };

  it("rebuilds the new receipts incrementally, and ends up equal to a full rebuild", async () => {
    await build(true);
    await loadFile(t.wh, t.write("receipts_2026-11-01.csv", `${RECEIPTS}\nS1;R7;1;01.11.2026 10:00;K1;250;0;0;0;card;0;\nS2;R8;1;01.11.2026 11:00;;80;0;0;0;cash;0;\n`));
    const [incremental] = await build();
    expect(incremental).toMatchObject({ model: "fct_receipts", mode: "incremental", changedRows: 2, reasons: ["stg_receipts changed"] });
    expect(await rows()).toHaveLength(10);
    await expectEqualToFull();
  });

  it("links receipts to a card that arrives after them, and counts lines that arrive late", async () => {
    await build(true);
    // a receipt of a new card (not yet in the cards feed) and, days later, the card and the receipt's lines
    await loadFile(t.wh, t.write("receipts_2026-11-02.csv", `${RECEIPTS}\nS1;R20;1;02.11.2026 10:00;K9;300;0;0;0;card;0;\nS1;R21;1;02.11.2026 11:00;;40;0;0;0;cash;0;\n`));
    await build();
    const linked = "SELECT receipt_id, member_id, customer_id, items FROM fct_receipts WHERE receipt_id IN ('R20', 'R21') ORDER BY 1";
    expect(await t.wh.all(linked)).toEqual([
      { receipt_id: "R20", member_id: "card:K9", customer_id: null, items: 0 },
      { receipt_id: "R21", member_id: null, customer_id: null, items: 0 },
    ]);
    // the card of one receipt, the lines of the other
    await loadFile(t.wh, t.write("cards_late.csv", "card_number;customer_id;issued_at;channel;status;tier;store_id\nK9;C3;02.11.2026 09:00;till;active;basic;S1\n"));
    await loadFile(t.wh, t.write("receipt_lines_late.csv", "store_id;receipt_id;line_no;sku;quantity;price;amount;is_return\nS1;R21;1;A1;2;20;40;0\n"));
    const [refresh] = await build();
    expect(refresh).toMatchObject({ mode: "incremental", changedRows: 2, reasons: ["stg_receipt_lines changed", "stg_cards changed"] });
    expect(await t.wh.all(linked)).toEqual([
      { receipt_id: "R20", member_id: "C3", customer_id: "C3", items: 0 },
      { receipt_id: "R21", member_id: null, customer_id: null, items: 2 },
    ]);
    await expectEqualToFull();
  });

  it("takes a corrected receipt, moved to another day, from its new version only", async () => {
    await build(true);
    const original = `${RECEIPTS}\nS2;R30;1;03.11.2026 10:00;;120;0;0;0;cash;0;\n`;
    await loadFile(t.wh, t.write("receipts_2026-11-03.csv", original));
    await build();
    await loadFile(t.wh, t.write("receipts_2026-11-03_fix.csv", original.replace("03.11.2026 10:00;;120", "02.11.2026 10:00;;95")), { corrections: "replace" });
    const [refresh] = await build();
    expect(refresh).toMatchObject({ mode: "incremental", changedRows: 1 });
    expect(await t.wh.all("SELECT receipt_date::VARCHAR AS day, net_amount FROM fct_receipts WHERE receipt_id = 'R30'")).toEqual([{ day: "2026-11-02", net_amount: 95 }]);
    await expectEqualToFull();
  });

  it("leaves the table alone when none of its inputs changed", async () => {
    await build(true);
    await loadFile(t.wh, t.write("stores_new.csv", "store_id;name;city\nS9;Новая;Тула\n"));
    const [again] = await build();
    expect(again).toMatchObject({ model: "fct_receipts", mode: "unchanged", reasons: ["no input changed"] });
  });
});
