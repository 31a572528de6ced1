import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempWarehouse } from "../test/helpers/temp-warehouse.js";
import { loadFile } from "./load-file.js";

const HEADER = "store_id;receipt_id;till_id;receipt_at;card_number;total;discount;bonus_earned;bonus_spent;payment_type;is_return;original_receipt_id";

const validRow = fc
  .record({
    store: fc.constantFrom("S1", "S2"),
    id: fc.integer({ min: 1, max: 40 }),
    day: fc.integer({ min: 1, max: 28 }),
    card: fc.option(fc.constantFrom("2990000000017", "2990000000024"), { nil: "" }),
    rub: fc.integer({ min: 0, max: 99999 }),
    kop: fc.integer({ min: 0, max: 99 }),
  })
  .map((r) => `${r.store};R${r.id};1;${String(r.day).padStart(2, "0")}.10.2026 10:00;${r.card};${r.rub},${String(r.kop).padStart(2, "0")};0;0;0;cash;0;`);

/** The damage real exports suffer: a field lost or split, stray quotes and separators, garbage, truncation. */
const mutation = fc.oneof(
  fc.constant((row: string) => row.replace(/;[^;]*/, "")),
  fc.constant((row: string) => row.replace(";", ";;")),
  fc.constant((row: string) => row.replace(/,/, ",,")),
  fc.constant((row: string) => `"${row}`),
  fc.constant((row: string) => row.slice(0, Math.floor(row.length / 2))),
  fc.constant((row: string) => row.replace(/\d{2}\.10/, "31.02")),
  fc.string({ maxLength: 12 }).map((junk) => (row: string) => row.replace(/;[^;]*;/, `;${junk};`)),
);

const file = fc.array(fc.tuple(validRow, fc.option(mutation, { freq: 3 })), { minLength: 1, maxLength: 30 }).map((rows) =>
  [HEADER, ...rows.map(([row, mutate]) => (mutate ? mutate(row) : row))].join("\n"),
);

let t: Awaited<ReturnType<typeof tempWarehouse>>;
beforeAll(async () => {
  t = await tempWarehouse();
});
afterAll(() => t.cleanup());

describe("reconciliation under damaged input", () => {
  it("never crashes, and every record read is loaded, quarantined, a duplicate or a conflict", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(file, async (text) => {
        const before = await t.wh.one<{ s: number; q: number }>("SELECT (SELECT count(*) FROM stg_receipts)::INT s, (SELECT count(*) FROM quarantine)::INT q");
        const r = await loadFile(t.wh, t.write(`receipts_${n++}.csv`, text));
        const after = await t.wh.one<{ s: number; q: number }>("SELECT (SELECT count(*) FROM stg_receipts)::INT s, (SELECT count(*) FROM quarantine)::INT q");
        expect(r.rowsRead).toBe(r.loaded + r.updated + r.quarantined + r.duplicates + r.conflicts);
        expect(r.updated).toBe(0);
        expect(after.s - before.s).toBe(r.loaded);
        // conflicting re-sends are kept in the quarantine too, under their own reason
        expect(after.q - before.q).toBe(r.quarantined + r.conflicts);
        // a stray quote may join records, but no record is ever invented
        expect(r.rowsRead).toBeLessThanOrEqual(text.split("\n").length - 1);
      }),
      { numRuns: 60, seed: 20261126 },
    );
  }, 60_000);
});
