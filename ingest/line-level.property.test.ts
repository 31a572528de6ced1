/**
 * Random line-level exports — receipts as blocks of lines, two scans of one item, a receipt re-sent
 * in part at the end of the file — followed by a random re-send of the day: some receipts again
 * unchanged or in part, some corrected (a line's quantity, an extra line, another card), some new;
 * loaded as conflicts or as corrections. Every file reconciles exactly, and what the warehouse holds
 * equals what the rules (docs/operator.md, "Re-sends, corrections and conflicts") give, computed here
 * independently in plain TypeScript.
 */
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempWarehouse } from "../test/helpers/temp-warehouse.js";
import { loadFile } from "./load-file.js";
import { mappingProfileSchema, type Corrections } from "./mapping-profile.js";

interface Line { sku: string; qty: number; price: number }
interface Receipt { key: string; store: string; id: string; time: string; card: string; isReturn: boolean; lines: Line[] }
/** A block of rows in a file: the receipt's fields and the lines the block holds. */
type Block = Receipt;

const HEADER = "Магазин;Чек;Дата;Время;Карта;Артикул;Кол-во;Цена;Сумма;Операция";
const profile = mappingProfileSchema.parse({
  feed: "sales-lines", delimiter: ";", decimal: ",",
  columns: {
    store_id: "Магазин", receipt_id: "Чек", receipt_at: { datetime: ["Дата", "Время"] }, card_number: "Карта",
    sku: "Артикул", quantity: "Кол-во", price: "Цена", amount: "Сумма", is_return: "Операция",
  },
  values: { is_return: { Продажа: "false", Возврат: "true" } },
});

const line = fc.record({ sku: fc.constantFrom("A", "B", "C", "D"), qty: fc.integer({ min: 1, max: 3 }), price: fc.integer({ min: 1, max: 9 }) });
const receipts = fc.uniqueArray(
  fc.record({
    store: fc.constantFrom("S1", "S2"), id: fc.integer({ min: 1, max: 60 }).map((n) => `R${n}`), minute: fc.integer({ min: 0, max: 59 }),
    card: fc.constantFrom("", "2990000000017", "2990000000024"), isReturn: fc.integer({ min: 0, max: 9 }).map((n) => n < 3),
    lines: fc.array(line, { minLength: 1, maxLength: 4 }),
  }),
  { minLength: 2, maxLength: 12, selector: (r) => `${r.store}/${r.id}` },
).map((rs) => rs.map((r): Receipt => ({ key: `${r.store}/${r.id}`, store: r.store, id: r.id, time: `10:${String(r.minute).padStart(2, "0")}`, card: r.card, isReturn: r.isReturn, lines: r.lines })));

/** What the re-send does with a receipt of the first file. */
const resendKind = fc.constantFrom("same", "part", "quantity", "extra", "card", "none");

const scenario = receipts.chain((rs) =>
  fc.record({
    first: fc.constant(rs),
    // a receipt of the first file (not the last, which would join its block) re-sent in part at its end
    tail: fc.option(fc.nat({ max: Math.max(0, rs.length - 2) }), { nil: undefined }),
    resend: fc.array(resendKind, { minLength: rs.length, maxLength: rs.length }),
    added: fc.array(line, { minLength: 0, maxLength: 3 }),
    corrections: fc.constantFrom<Corrections>("reject", "replace"),
  }),
);

function rows(blocks: Block[]): string {
  const fmt = (n: number) => n.toFixed(2).replace(".", ",");
  return [HEADER, ...blocks.flatMap((b) => b.lines.map((l) =>
    [b.store, b.id, "05.10.2026", b.time, b.card, l.sku, l.qty, fmt(l.price), fmt(l.qty * l.price), b.isReturn ? "Возврат" : "Продажа"].join(";")))].join("\n");
}

function resent(r: Receipt, kind: string): Block | undefined {
  if (kind === "none") return undefined;
  if (kind === "same") return r;
  if (kind === "part") return { ...r, lines: r.lines.slice(0, Math.max(1, r.lines.length - 1)) };
  if (kind === "quantity") return { ...r, lines: r.lines.map((l, i) => (i === 0 ? { ...l, qty: l.qty + 1 } : l)) };
  if (kind === "extra") return { ...r, lines: [...r.lines, { sku: "E", qty: 1, price: 5 }] };
  return { ...r, card: r.card === "2990000000017" ? "2990000000024" : "2990000000017" };
}

interface Counts { read: number; loaded: number; updated: number; duplicates: number; conflicts: number }
const lineId = (l: Line) => `${l.sku}|${l.qty}|${l.price}`;

/**
 * The rules, by hand: a receipt's version is what earlier files loaded, else its first block in this
 * file; every later block is matched with that version as a multiset of lines (and the receipt's own
 * fields must agree). Under `replace`, a block that does not match replaces the receipt.
 */
function apply(version: Map<string, Receipt>, blocks: Block[], corrections: Corrections): Counts {
  const counts: Counts = { read: 0, loaded: 0, updated: 0, duplicates: 0, conflicts: 0 };
  const loadedBefore = new Map(version);
  const firstInFile = new Map<string, Receipt>();
  for (const b of blocks) {
    counts.read += b.lines.length;
    const against = loadedBefore.get(b.key) ?? firstInFile.get(b.key);
    if (!against) {
      firstInFile.set(b.key, b);
      version.set(b.key, b);
      counts.loaded += b.lines.length;
      continue;
    }
    const pool = new Map<string, number>();
    for (const l of against.lines) pool.set(lineId(l), (pool.get(lineId(l)) ?? 0) + 1);
    const sameReceipt = against.card === b.card && against.time === b.time && against.isReturn === b.isReturn;
    const matched = b.lines.map((l) => {
      const left = pool.get(lineId(l)) ?? 0;
      if (!sameReceipt || left === 0) return false;
      pool.set(lineId(l), left - 1);
      return true;
    });
    const changes = matched.some((m) => !m);
    if (corrections === "replace" && changes) {
      counts.updated += b.lines.length;
      version.set(b.key, b);
    } else if (corrections === "replace") counts.duplicates += b.lines.length;
    else {
      counts.duplicates += matched.filter(Boolean).length;
      counts.conflicts += matched.filter((m) => !m).length;
    }
  }
  return counts;
}

function totals(version: Map<string, Receipt>) {
  const rs = [...version.values()];
  const total = (r: Receipt) => r.lines.reduce((s, l) => s + l.qty * l.price, 0);
  return {
    receipts: rs.length,
    identified: rs.filter((r) => r.card !== "").length,
    lines: rs.reduce((s, r) => s + r.lines.length, 0),
    gross: rs.filter((r) => !r.isReturn).reduce((s, r) => s + total(r), 0),
    returns: rs.filter((r) => r.isReturn).reduce((s, r) => s + total(r), 0),
  };
}

let t: Awaited<ReturnType<typeof tempWarehouse>>;
beforeEach(async () => {
  t = await tempWarehouse();
});
afterEach(() => t.cleanup());

describe("line-level exports with re-sends and corrections", () => {
  it("reconcile exactly, and hold what the rules give", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async ({ first, tail, resend, added, corrections }) => {
        await t.wh.exec("DELETE FROM stg_receipts; DELETE FROM stg_receipt_lines; DELETE FROM quarantine; DELETE FROM load_manifest; DELETE FROM history_changes;");
        const firstBlocks: Block[] = [...first];
        if (tail !== undefined) firstBlocks.push({ ...first[tail], lines: first[tail].lines.slice(0, 1) });
        const secondBlocks = first.map((r, i) => resent(r, resend[i])).filter((b): b is Block => b !== undefined);
        if (added.length) secondBlocks.push({ key: "S1/R99", store: "S1", id: "R99", time: "11:00", card: "", isReturn: false, lines: added });
        const version = new Map<string, Receipt>();
        const expected = [apply(version, firstBlocks, corrections), apply(version, secondBlocks, corrections)];
        n++;
        const files = [rows(firstBlocks), rows(secondBlocks)];
        for (const [i, text] of files.entries()) {
          if (i === 1 && secondBlocks.length === 0) continue;
          const r = await loadFile(t.wh, t.write(`sales_lines_${n}_${i}.csv`, text), { profile, corrections, futureToleranceDays: 36_500 });
          expect(r.rowsRead).toBe(r.loaded + r.updated + r.quarantined + r.duplicates + r.conflicts);
          expect({ read: r.rowsRead, loaded: r.loaded, updated: r.updated, duplicates: r.duplicates, conflicts: r.conflicts }).toEqual(expected[i]);
          expect(r.quarantined).toBe(0);
        }
        const got = await t.wh.one<Record<string, number>>(`SELECT count(*)::INT AS receipts, count(card_number)::INT AS identified,
          (SELECT count(*)::INT FROM stg_receipt_lines) AS lines,
          coalesce(sum(total) FILTER (WHERE NOT is_return), 0)::DOUBLE AS gross, coalesce(sum(total) FILTER (WHERE is_return), 0)::DOUBLE AS returns
          FROM stg_receipts`);
        expect(got).toEqual(totals(version));
        // every receipt's total is the sum of its lines
        expect(await t.wh.one(`SELECT count(*)::INT AS n FROM stg_receipts r
          WHERE total <> (SELECT sum(amount) FROM stg_receipt_lines l WHERE l.store_id = r.store_id AND l.receipt_id = r.receipt_id)`)).toEqual({ n: 0 });
      }),
      { numRuns: 40, seed: 20261129 },
    );
  }, 120_000);
});
