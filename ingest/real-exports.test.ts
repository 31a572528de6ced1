/**
 * Exports in the shapes real systems write them (test/fixtures/exports: a Russian till's line-level
 * export and its corrected re-send, UK invoice lines, basket lines without unit prices, an event log
 * without amounts), each loaded from the profile `loyalty profile draft` writes for it, without
 * edits. Every count and total must equal the figures worked out by hand in each folder's
 * expected.json (see LEDGER.md there for the arithmetic).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempWarehouse } from "../test/helpers/temp-warehouse.js";
import { draftProfile } from "./draft/draft-profile.js";
import { loadFile, type FileLoadResult } from "./load-file.js";
import { loadMappingProfile, type Corrections } from "./mapping-profile.js";

const EXPORTS = join(import.meta.dirname, "../test/fixtures/exports");

interface ExpectedLoad {
  file: string;
  mode: "default" | "replace";
  read: number;
  loaded: number;
  updated: number;
  quarantined: number;
  duplicates: number;
  conflicts: number;
  quarantined_rows: { line: number; reason: string }[];
  conflict_rows: { line: number }[];
}
interface Scenario {
  loads: ExpectedLoad[];
  figures: Record<string, number | null>;
}

const scenarios = (name: string): Record<string, Scenario> => JSON.parse(readFileSync(join(EXPORTS, name, "expected.json"), "utf8")).scenarios;

let t: Awaited<ReturnType<typeof tempWarehouse>>;
beforeEach(async () => {
  t = await tempWarehouse();
});
afterEach(() => t.cleanup());

/** Drafts the profile of the scenario's first file, writes it as a user would keep it, and loads every file with it. */
async function run(name: string, scenario: Scenario): Promise<FileLoadResult[]> {
  const first = join(EXPORTS, name, scenario.loads[0].file);
  const draft = await draftProfile(first);
  const profilePath = join(t.dir, `${name}.profile.yaml`);
  writeFileSync(profilePath, draft.yaml);
  const profile = await loadMappingProfile(profilePath);
  const results: FileLoadResult[] = [];
  for (const load of scenario.loads) {
    const corrections: Corrections = load.mode === "replace" ? "replace" : "reject";
    // the fixtures' dates are what they are: the future check is tested elsewhere, with a set clock
    results.push(await loadFile(t.wh, join(EXPORTS, name, load.file), { profile, corrections, futureToleranceDays: 36_500 }));
  }
  return results;
}

async function figures(): Promise<Record<string, number | null>> {
  return t.wh.one(`SELECT count(*)::INT AS receipts, count(*) FILTER (WHERE NOT is_return)::INT AS sale_receipts,
      count(*) FILTER (WHERE is_return)::INT AS return_receipts, count(card_number)::INT AS identified_receipts,
      (SELECT count(*)::INT FROM stg_receipt_lines) AS lines,
      sum(total) FILTER (WHERE NOT is_return)::DOUBLE AS gross_revenue, sum(total) FILTER (WHERE is_return)::DOUBLE AS returns,
      (sum(total) FILTER (WHERE NOT is_return) - coalesce(sum(total) FILTER (WHERE is_return), 0))::DOUBLE AS net_revenue,
      sum(discount) FILTER (WHERE NOT is_return)::DOUBLE AS discounts
    FROM stg_receipts`);
}

function expectLoad(r: FileLoadResult, e: ExpectedLoad): void {
  expect({ read: r.rowsRead, loaded: r.loaded, updated: r.updated, quarantined: r.quarantined, duplicates: r.duplicates, conflicts: r.conflicts }, e.file).toEqual({
    read: e.read, loaded: e.loaded, updated: e.updated, quarantined: e.quarantined, duplicates: e.duplicates, conflicts: e.conflicts,
  });
  expect(r.rowsRead).toBe(r.loaded + r.updated + r.quarantined + r.duplicates + r.conflicts);
}

/** Figures with what an export cannot have (no lines, no discounts column) as the hand figures write it. */
function comparable(actual: Record<string, number | null>, expected: Record<string, number | null>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const key of Object.keys(expected)) {
    const a = actual[key];
    out[key] = expected[key] === null ? (a === 0 ? null : a) : a === null && expected[key] === 0 ? 0 : a === null ? null : Math.round(a * 100) / 100;
  }
  return out;
}

describe("a Russian till's line-level export (Windows-1251, separate date and time, a quoted line break, re-sends)", () => {
  const all = scenarios("ru-till");

  it.each(Object.keys(all))("%s: counts, quarantined lines and totals as worked out by hand", async (key) => {
    const scenario = all[key];
    const results = await run("ru-till", scenario);
    for (const [i, e] of scenario.loads.entries()) {
      expectLoad(results[i], e);
      const quarantine = await t.wh.all<{ line: number; reason: string }>(`SELECT line, reason FROM quarantine WHERE file_id = ${results[i].fileId} ORDER BY line`);
      const expected = [...e.quarantined_rows.map((q) => ({ line: q.line, reason: q.reason })), ...e.conflict_rows.map((c) => ({ line: c.line, reason: "conflicting_resend" }))];
      expect(quarantine).toEqual(expected.sort((a, b) => a.line - b.line));
    }
    expect(comparable(await figures(), scenario.figures)).toEqual(scenario.figures);
  });

  it("numbers lines by their position in the receipt, keeps two scans of one item, and names the receipt's first line", async () => {
    await run("ru-till", all.first_file);
    expect(await t.wh.all(`SELECT line_no, sku, quantity::DOUBLE AS quantity, amount::DOUBLE AS amount FROM stg_receipt_lines
      WHERE receipt_id = '2-04.10.2026-2' ORDER BY line_no`)).toEqual([
      { line_no: 1, sku: "111820", quantity: 1, amount: 429 },
      { line_no: 2, sku: "111820", quantity: 1, amount: 429 },
      { line_no: 3, sku: "107420", quantity: 1, amount: 659 },
    ]);
    // the quoted name with a line break and doubled quotes, read whole
    expect(await t.wh.one("SELECT product_name FROM stg_receipt_lines WHERE sku = '101204'")).toEqual({ product_name: 'Сок "Добрый"\r\nяблоко 1л' });
    expect(await t.wh.one(`SELECT strftime(receipt_at, '%Y-%m-%d %H:%M:%S') AS at, till_id, card_number, total::DOUBLE AS total, is_return
      FROM stg_receipts WHERE receipt_id = '2-05.10.2026-1'`)).toEqual({ at: "2026-10-05 10:05:47", till_id: "2", card_number: "2990001000059", total: 2788, is_return: true });
  });

  it("says what a conflicting re-send contradicts, and keeps a correction in the history", async () => {
    await run("ru-till", all.first_then_corrected_default);
    const conflict = await t.wh.one<{ value: string }>("SELECT value FROM quarantine WHERE reason = 'conflicting_resend' AND line = 30");
    expect(conflict.value).toBe("receipt already loaded from Продажи_2026-10-05.csv (record 30) with 3 line(s), total 1099.90; this line is not among its lines");
    await t.cleanup();
    t = await tempWarehouse();
    await run("ru-till", all.first_then_corrected_replace);
    expect(await t.wh.all("SELECT entity_key, field, old_value, new_value FROM history_changes WHERE entity_key = '107|2-05.10.2026-2'")).toEqual([
      { entity_key: "107|2-05.10.2026-2", field: "lines", old_value: "3 line(s), total 1099.90", new_value: "3 line(s), total 910.90" },
    ]);
  });
});

describe("a re-send loaded with its conflicts, then taken as a correction", () => {
  it("is loaded again with --corrections replace (not skipped as already loaded), and its conflicts are settled", async () => {
    const all = scenarios("ru-till");
    await run("ru-till", all.first_then_corrected_default);
    const profile = await loadMappingProfile(join(t.dir, "ru-till.profile.yaml"));
    const again = await loadFile(t.wh, join(EXPORTS, "ru-till", "Продажи_2026-10-05_исправленный.csv"), { profile, corrections: "replace", futureToleranceDays: 36_500 });
    expect(again).toMatchObject({ status: "loaded", loaded: 0, conflicts: 0 });
    expect(again.updated).toBeGreaterThan(0);
    expect(await t.wh.one("SELECT count(*)::INT AS n FROM quarantine WHERE reason = 'conflicting_resend'")).toEqual({ n: 0 });
    expect(comparable(await figures(), all.first_then_corrected_replace.figures)).toEqual(all.first_then_corrected_replace.figures);
    const skipped = await loadFile(t.wh, join(EXPORTS, "ru-till", "Продажи_2026-10-05_исправленный.csv"), { profile, corrections: "replace", futureToleranceDays: 36_500 });
    expect(skipped.status).toBe("skipped");
  });
});

describe.each([
  ["uk-invoices", "UK invoice lines: month-first dates, amount = quantity × price, 'C' cancellations, anonymous rows"],
  ["basket-lines", "basket lines without unit prices: a date and a compact HHMM time, negative discounts"],
  ["event-log", "an event log without amounts: an identical re-send and a conflicting one"],
])("%s", (name, what) => {
  const all = scenarios(name);
  it.each(Object.keys(all))(`${what} (%s)`, async (key) => {
    const scenario = all[key];
    const results = await run(name, scenario);
    for (const [i, e] of scenario.loads.entries()) expectLoad(results[i], e);
    expect(comparable(await figures(), scenario.figures)).toEqual(scenario.figures);
  });
});
