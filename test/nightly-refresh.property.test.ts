/**
 * A small chain's files delivered over several nights in a random order — receipts before their
 * cards, lines a month late, a corrected receipts file (totals changed, a receipt moved to another
 * day), customers re-sent with consents and tiers changed, cards re-sent with some given to other
 * customers — with an incremental build after each night. After the last night a build with nothing
 * new rebuilds nothing, and every model equals, row for row, a full build from scratch.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFile } from "../ingest/load-file.js";
import { generateSampleChain } from "../ingest/sample-chain/generate-sample-chain.js";
import { buildModels, defaultAsOf, dependencyOrder, type ModelBuildResult } from "../models/build-models.js";
import { MODELS } from "../models/registry.js";
import { parseConfig } from "../src/config/config.js";
import { ensureSchema } from "../src/db/ensure-schema.js";
import { Warehouse } from "../src/db/warehouse.js";
import { modelTables, tableDifferences } from "./helpers/model-tables.js";

let dir: string;
let files: string[];
const models = dependencyOrder(MODELS);
const params = parseConfig({}).models;

/** A file's text in bytes as they are (the sample chain writes Windows-1251 too): edits touch ASCII fields only. */
const readBytes = (path: string) => readFileSync(path, "latin1");
const writeBytes = (path: string, text: string) => writeFileSync(path, text, "latin1");

/** Rewrites field `index` of the data lines picked by `pick` (by position, header excluded). */
function editLines(text: string, pick: (i: number) => boolean, edit: (fields: string[]) => void): string {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const [header, ...lines] = text.split(eol);
  return [header, ...lines.map((line, i) => {
    if (!line || !pick(i)) return line;
    const fields = line.split(";");
    edit(fields);
    return fields.join(";");
  })].join(eol);
}

function writeLateVersions(chain: string): void {
  const months = readdirSync(chain).filter((f) => /^receipts_\d{4}-\d{2}\.csv$/.test(f)).sort();
  const month = months.at(-2)!;
  // totals corrected on every 40th receipt, and one receipt moved a day earlier
  writeBytes(join(chain, month.replace(".csv", "_fix.csv")), editLines(readBytes(join(chain, month)), (i) => i % 40 === 7, (f) => {
    f[5] = (Number(f[5].replace(/\s/g, "").replace(",", ".")) + 10).toFixed(2).replace(".", ",");
    if (f[3].startsWith("15.")) f[3] = f[3].replace(/^15\./, "14.");
  }));
  const customers = readBytes(join(chain, "customers.csv"));
  writeBytes(join(chain, "customers_update.csv"), editLines(customers, (i) => i % 17 === 3, (f) => {
    f[8] = f[8] === "1" ? "0" : "1"; // consent_sms
    f[15] = "gold";
  }));
  const cards = readBytes(join(chain, "cards.csv"));
  const ids = cards.split(/\r?\n/).slice(1).filter(Boolean).map((l) => l.split(";")[1]).filter(Boolean);
  writeBytes(join(chain, "cards_update.csv"), editLines(cards, (i) => i % 23 === 5, (f) => {
    f[1] = ids[(ids.indexOf(f[1]) + 1) % ids.length];
  }));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "loyalty-nights-"));
  const chain = join(dir, "chain");
  await generateSampleChain({ customers: 300, stores: 2, days: 150, seed: 5, out: chain });
  writeLateVersions(chain);
  files = readdirSync(chain).filter((f) => !f.startsWith("_")).sort().map((f) => join(chain, f));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A permutation of the files cut into nights. */
const deliveries = () =>
  fc.tuple(fc.shuffledSubarray(files, { minLength: files.length, maxLength: files.length }), fc.array(fc.integer({ min: 1, max: files.length - 1 }), { minLength: 1, maxLength: 4 }))
    .map(([order, cuts]) => {
      const at = [0, ...new Set(cuts.sort((a, b) => a - b)), order.length];
      return at.slice(1).map((end, i) => order.slice(at[i], end));
    });

/** A build with nothing new rebuilds nothing. */
async function expectNothingRebuilt(wh: Warehouse): Promise<void> {
  const idle = await buildModels(wh, models, { asOf: await defaultAsOf(wh), params });
  expect(idle.filter((r) => r.mode !== "unchanged").map((r) => `${r.model}: ${r.reasons.join(", ")}`)).toEqual([]);
}

describe("nightly refresh", () => {
  it("after any order of nights, the incremental build equals a full build, row for row", async () => {
    const modes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(deliveries(), async (nights) => {
        const wh = await Warehouse.open(":memory:");
        try {
          await ensureSchema(wh);
          for (const night of nights) {
            for (const path of night) await loadFile(wh, path, { corrections: path.endsWith("_fix.csv") ? "replace" : undefined });
            const hasReceipts = (await wh.one<{ n: number }>("SELECT count(*)::INTEGER AS n FROM stg_receipts")).n > 0;
            if (!hasReceipts) continue;
            const results: ModelBuildResult[] = await buildModels(wh, models, { asOf: await defaultAsOf(wh), params });
            for (const r of results) modes.add(`${r.model}:${r.mode}`);
            // the first build made the tables the later models look for: building again changes nothing
            if (results.every((r) => r.mode === "full")) await expectNothingRebuilt(wh);
          }
          await expectNothingRebuilt(wh);
          const refreshed = await modelTables(wh, models);
          await buildModels(wh, models, { asOf: await defaultAsOf(wh), params }, { full: true });
          expect(tableDifferences(refreshed, await modelTables(wh, models))).toEqual({});
        } finally {
          await wh.close();
        }
      }),
      { numRuns: 6, endOnFailure: true },
    );
    // the runs took the incremental path, and left some models alone
    expect(modes.has("fct_receipts:incremental")).toBe(true);
    expect(modes.has("fct_purchase_days:incremental")).toBe(true);
    expect([...modes].some((m) => m.endsWith(":unchanged"))).toBe(true);
    // six random deliveries of about five builds each: 70 s on an idle 2-core machine, over 120 s when
    // two suites share it
  }, 600_000);
});
