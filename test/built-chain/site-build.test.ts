/**
 * The report site builds offline from a published snapshot, has every page, and ships no personal
 * data: no phones, e-mails, member ids, names or birth dates of the sample chain's customers
 * anywhere in dist/, and card numbers only in the till's offers file of the Segments page (the pos
 * export shape: card, offer code, validity).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { METRICS } from "../../models/metrics/metric-catalogue.js";
import { SITE_DATA } from "../../reports/site-data.js";
import { buildSite, listFiles } from "../../src/site/build-site.js";
import { SITE_PAGES } from "../../src/site/site-pages.js";
import { openSnapshot } from "../../src/snapshot/read-snapshot.js";
import { builtChain, type BuiltChain } from "./built-chain.js";
import { feed } from "./sample-personal-data.js";

let chain: BuiltChain;
let files: { path: string; text: string }[];

beforeAll(async () => {
  chain = await builtChain();
  files = listFiles(chain.site.out).map((path) => ({ path, text: readFileSync(path, "utf8") }));
}, 300_000);

/** The site's files without the libraries Framework copied from node_modules (`_node/`). */
const ownFiles = () => files.filter((f) => !f.path.slice(chain.site.out.length + 1).startsWith("_node"));

function findAll(pattern: RegExp, where = files): string[] {
  return where.flatMap((f) => [...f.text.matchAll(pattern)].map((m) => `${f.path.slice(chain.site.out.length + 1)}: ${m[0]}`));
}

describe("the report site", () => {
  it("builds every page, with every data file, from one snapshot", () => {
    expect(chain.site.pages.sort()).toEqual(SITE_PAGES.map((p) => `${p.path}.html`).sort());
    const data = files.filter((f) => f.path.includes(`${join("_file", "data")}`)).map((f) => basename(f.path).replace(/\.[0-9a-f]{8}\./, "."));
    expect(data.sort()).toEqual(Object.keys(SITE_DATA).sort());
    const settings = files.find((f) => basename(f.path).startsWith("site-settings."))!;
    expect(JSON.parse(settings.text).snapshot).toBe(openSnapshot(chain.snapshotDir).id);
    expect(chain.site.snapshot).toBe(openSnapshot(chain.snapshotDir).id);
  });

  it("publishes the whole metric catalogue for the glossary page, in Russian", () => {
    const metrics = JSON.parse(files.find((f) => f.path.includes(join("_file", "data")) && basename(f.path).startsWith("metrics."))!.text);
    expect(metrics.map((m: { id: string }) => m.id)).toEqual(METRICS.map((m) => m.id));
    expect(metrics.find((m: { id: string }) => m.id === "avg_check")).toMatchObject({ label: "Средний чек", audience: "все покупатели", unit: "money", decimals: 2 });
  });

  it("rebuilds into the same folder outside the project, refuses a folder that is not a site, and speaks English for en-GB", async () => {
    const dir = mkdtempSync(join(tmpdir(), "loyalty-site-out-"));
    try {
      // no point value in this config: bonuses are shown in points
      const settings = { locale: "en-GB", currency: "GBP", timeZone: "Europe/London", publishOffersOnSite: false, pointValue: null };
      const out = join(dir, "site");
      await buildSite({ out, snapshotDir: chain.snapshotDir, settings });
      const again = await buildSite({ out, snapshotDir: chain.snapshotDir, settings });
      expect(again.pages.sort()).toEqual(SITE_PAGES.map((p) => `${p.path}.html`).sort());
      const data = (name: string) => JSON.parse(readFileSync(listFiles(out).find((f) => f.includes(join("_file", "data")) && basename(f).startsWith(`${name}.`))!, "utf8"));
      expect(data("site-settings")).toMatchObject({ locale: "en-GB", currency: "GBP", point_value: null });
      expect(data("metrics").find((m: { id: string }) => m.id === "avg_check")).toMatchObject({ label: "Average check", audience: "all buyers" });
      expect(readFileSync(join(out, "index.html"), "utf8")).toContain('<meta name="loyalty-locale" content="en-GB">');
      const other = join(dir, "documents");
      mkdirSync(other);
      writeFileSync(join(other, "report.docx"), "mine");
      await expect(buildSite({ out: other, snapshotDir: chain.snapshotDir, settings })).rejects.toThrow(/holds files that are not a site build/);
      expect(readdirSync(other)).toEqual(["report.docx"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it("builds the Segments page with or without segment runs in the snapshot (older snapshots have none)", () => {
    const loader = files.find((f) => f.path.includes(join("_file", "data")) && basename(f.path).startsWith("segments."));
    const data = JSON.parse(loader!.text) as { status: string; latest: unknown[]; runs: unknown[]; composition: unknown[] };
    if (openSnapshot(chain.snapshotDir).tables.some((t) => t.table === "segment_runs")) {
      expect(data.status).toBe("ok");
      expect(data.latest.length).toBeGreaterThan(0);
    } else {
      expect(data).toMatchObject({ latest: [], runs: [], composition: [] });
      expect(data.status).toMatch(/^missing/);
    }
  });

  it("asks no CDN for anything (every library comes from node_modules)", () => {
    // the site's own files; vendored bundles under _node/ may name a CDN for features the site never
    // uses (Plotly's map topologies): the browser test fails any page that makes a request off the site
    expect(findAll(/cdn\.jsdelivr\.net|fonts\.googleapis\.com|unpkg\.com|esm\.sh/g, ownFiles())).toEqual([]);
    expect(findAll(/import\s[^;]*from\s*["']npm:/g)).toEqual([]);
  });

  it("links the till's offers of every segment: the pos shape and nothing else", () => {
    const offers = files.find((f) => basename(f.path).startsWith("segment-offers."));
    const [header, ...rows] = offers!.text.replace(/^\uFEFF/, "").trim().split("\n");
    expect(header).toBe("segment;card_number;offer_code;valid_from;valid_to");
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/^[a-z0-9-]+;2990\d{9};[A-Z0-9_-]+;\d{4}-\d\d-\d\d;\d{4}-\d\d-\d\d$/);
  });

  it("ships no personal data", () => {
    const customers = feed(chain.chainDir, "customers.csv");
    const cards = feed(chain.chainDir, "cards.csv");
    // the till's offers file carries card numbers by design (checked above); nothing else may
    const everywhereButOffers = files.filter((f) => !basename(f.path).startsWith("segment-offers."));
    expect(customers.length).toBeGreaterThan(1000);
    // patterns: phones in E.164 or as exported, e-mails, the chain's card numbers, member ids
    expect(findAll(/\+7\d{10}\b|\b8 \(9\d\d\) \d{3}[ -]\d\d[ -]\d\d\b/g)).toEqual([]);
    // any e-mail address in the site's own files (a vendored bundle's licence names its authors);
    // the customers' actual addresses are looked for everywhere below
    expect(findAll(/[\w.+-]+@[\w-]+\.(?:ru|com|net|org|рф)\b/g, ownFiles())).toEqual([]);
    expect(findAll(/\b2990\d{9}\b/g, everywhereButOffers)).toEqual([]);
    expect(findAll(/\bC\d{8}\b/g)).toEqual([]);
    // the actual values of the feeds
    const text = files.map((f) => f.text).join("\n");
    const leaked = (values: string[], where = text) => [...new Set(values.filter((v) => v && where.includes(v)))];
    expect(leaked(cards.map((c) => c.card_number), everywhereButOffers.map((f) => f.text).join("\n"))).toEqual([]);
    expect(leaked(customers.map((c) => c.email))).toEqual([]);
    expect(leaked(customers.flatMap((c) => [`${c.first_name} ${c.last_name}`, `${c.last_name} ${c.first_name}`]))).toEqual([]);
    expect(leaked(customers.map((c) => c.birth_date).filter((d) => /^\d\d\.\d\d\.\d{4}$/.test(d)))).toEqual([]);
    const isoBirthDates = customers.map((c) => c.birth_date).filter((d) => /^\d\d\.\d\d\.(19\d\d|200\d)$/.test(d))
      .map((d) => d.split(".").reverse().join("-"));
    expect(leaked(isoBirthDates)).toEqual([]);
  });
});
