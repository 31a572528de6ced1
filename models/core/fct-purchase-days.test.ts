import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFile } from "../../ingest/load-file.js";
import { parseConfig } from "../../src/config/config.js";
import { seedTinyChain } from "../../test/fixtures/tiny-chain.js";
import { tempWarehouse } from "../../test/helpers/temp-warehouse.js";
import { buildModels, selectModels } from "../build-models.js";
import { MODELS } from "../registry.js";

let t: Awaited<ReturnType<typeof tempWarehouse>>;
const ctx = { asOf: "2026-11-02", params: parseConfig({}).models };
const build = (full = false) => buildModels(t.wh, selectModels(MODELS, "+fct_purchase_days"), ctx, { full });
const daysOf = (members: string) =>
  t.wh.all(`SELECT member_id, day::VARCHAR AS day, value, receipts, nth, first_day::VARCHAR AS first_day, prev_day::VARCHAR AS prev_day
    FROM fct_purchase_days WHERE member_id IN (${members}) ORDER BY member_id, day`);
const RECEIPTS = "store_id;receipt_id;till_id;receipt_at;card_number;total;discount;bonus_earned;bonus_spent;payment_type;is_return;original_receipt_id";

beforeAll(async () => {
  t = await tempWarehouse();
  await seedTinyChain(t.wh);
});
afterAll(() => t.cleanup());

describe("fct_purchase_days", () => {
  it("moves a card's purchase days to its customer when the card arrives late, rebuilding those two members only", async () => {
    await build(true);
    // two receipts of one day on a card the cards feed does not know yet
    await loadFile(t.wh, t.write("receipts_2026-11-02.csv", `${RECEIPTS}\nS1;R40;1;02.11.2026 10:00;K9;300;0;0;0;card;0;\nS1;R41;1;02.11.2026 12:00;K9;60;0;0;0;card;0;\n`));
    await build();
    expect(await daysOf("'card:K9', 'C3'")).toEqual([
      { member_id: "C3", day: "2026-08-10", value: 150, receipts: 1, nth: 1, first_day: "2026-08-10", prev_day: null },
      { member_id: "card:K9", day: "2026-11-02", value: 360, receipts: 2, nth: 1, first_day: "2026-11-02", prev_day: null },
    ]);
    // the card turns out to be C3's, who bought once in August
    await loadFile(t.wh, t.write("cards_late.csv", "card_number;customer_id;issued_at;channel;status;tier;store_id\nK9;C3;02.11.2026 09:00;till;active;basic;S1\n"));
    const results = await build();
    expect(results.find((r) => r.model === "fct_purchase_days")).toMatchObject({ mode: "incremental", changedRows: 2, reasons: ["fct_receipts is rebuilt"] });
    const refreshed = await t.wh.all("SELECT * FROM fct_purchase_days ORDER BY member_id, day");
    expect(await daysOf("'card:K9', 'C3'")).toEqual([
      { member_id: "C3", day: "2026-08-10", value: 150, receipts: 1, nth: 1, first_day: "2026-08-10", prev_day: null },
      { member_id: "C3", day: "2026-11-02", value: 360, receipts: 2, nth: 2, first_day: "2026-08-10", prev_day: "2026-08-10" },
    ]);
    await build(true);
    expect(await t.wh.all("SELECT * FROM fct_purchase_days ORDER BY member_id, day")).toEqual(refreshed);
  });

  it("is rebuilt in full when fct_receipts changed in a build it was not part of", async () => {
    await build(true);
    await loadFile(t.wh, t.write("receipts_2026-11-03.csv", `${RECEIPTS}\nS1;R50;1;02.11.2026 15:00;K1;70;0;0;0;card;0;\n`));
    const [receipts] = await buildModels(t.wh, selectModels(MODELS, "fct_receipts"), ctx);
    expect(receipts).toMatchObject({ model: "fct_receipts", mode: "incremental" });
    await loadFile(t.wh, t.write("receipts_2026-11-04.csv", `${RECEIPTS}\nS2;R51;1;02.11.2026 16:00;K2;90;0;0;0;card;0;\n`));
    // fct_receipts takes in R51 only, but this model has not seen R50 yet: what changed is not known
    const results = await build();
    expect(results.find((r) => r.model === "fct_receipts")).toMatchObject({ mode: "incremental", changedRows: 1 });
    expect(results.find((r) => r.model === "fct_purchase_days")).toMatchObject({ mode: "full", reasons: ["fct_receipts is rebuilt"] });
    expect(await daysOf("'C1'")).toContainEqual({ member_id: "C1", day: "2026-11-02", value: 70, receipts: 1, nth: 5, first_day: "2025-10-10", prev_day: "2026-10-07" });
  });
});
