/**
 * A publish while the site builds (issue 14): the build resolved `current` once, so every data file
 * of the site comes from the snapshot it started with, although `current` points to a newer one
 * with different data before the build has written its second file.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SITE_DATA, writeSiteData, type SiteDataSettings } from "../../reports/site-data.js";
import { Warehouse, sqlString } from "../../src/db/warehouse.js";
import { buildSite, listFiles, type SiteBuildResult } from "../../src/site/build-site.js";
import { publishSnapshot, type PublishedSnapshot } from "../../src/snapshot/publish-snapshot.js";
import { openSnapshot } from "../../src/snapshot/read-snapshot.js";
import { PUBLISHED_TABLES } from "../../src/snapshot/snapshot-contents.js";
import { builtChain } from "./built-chain.js";

const settings: SiteDataSettings = { locale: "ru-RU", currency: "RUB", timeZone: "Europe/Moscow", publishOffersOnSite: true, pointValue: 1 };
const FIRST_FILE = Object.keys(SITE_DATA)[0];

let dir: string;
let wh: Warehouse;
let a: PublishedSnapshot;
let b: PublishedSnapshot | undefined;
let site: SiteBuildResult;
/** Data file name → its bytes (base64: some are Arrow), as the site has it and as each snapshot alone gives it. */
let inSite: Map<string, string>;
let fromA: Map<string, string>;
let fromB: Map<string, string>;

async function dataOf(snapshotDir: string, id: string): Promise<Map<string, string>> {
  const out = join(dir, `data-${id}`);
  const snapshot = openSnapshot(snapshotDir);
  expect(snapshot.id).toBe(id);
  await writeSiteData(snapshot, settings, out);
  return new Map(Object.keys(SITE_DATA).map((f) => [f, readFileSync(join(out, f), "base64")]));
}

beforeAll(async () => {
  const chain = await builtChain();
  dir = mkdtempSync(join(tmpdir(), "loyalty-publish-during-build-"));
  const snapshots = join(dir, "snapshots");
  // a warehouse of our own, with the chain's published tables (the chain's file is shared, read-only)
  wh = await Warehouse.open(":memory:");
  await wh.exec(`ATTACH ${sqlString(chain.warehouse)} AS chain (READ_ONLY)`);
  const tables = await wh.all<{ name: string }>("SELECT table_name AS name FROM duckdb_tables() WHERE database_name = 'chain'");
  for (const { name } of tables.filter((t) => t.name in PUBLISHED_TABLES)) await wh.exec(`CREATE TABLE ${name} AS SELECT * FROM chain.${name}`);
  await wh.exec("DETACH chain");

  a = await publishSnapshot(wh, snapshots, 2);
  fromA = await dataOf(snapshots, a.id);
  // the next snapshot has other numbers: revenue doubled, one more member in every segment run
  await wh.exec("UPDATE mart_kpi SET revenue = revenue * 2, receipts = receipts + 1; UPDATE segment_runs SET members = members + 1");

  site = await buildSite({
    out: join(dir, "dist"),
    snapshotDir: snapshots,
    settings,
    // publish as soon as the build has written its first data file
    onDataFile: async (file) => {
      if (file === FIRST_FILE) b = await publishSnapshot(wh, snapshots, 2);
    },
  });
  fromB = await dataOf(snapshots, b!.id);
  const files = listFiles(join(site.out, "_file", "data"));
  inSite = new Map(files.map((f) => [basename(f).replace(/\.[0-9a-f]{8}\./, "."), readFileSync(f, "base64")]));
}, 300_000);

afterAll(async () => {
  await wh?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a publish during a site build", () => {
  it("switched `current` to a snapshot with other data before the build wrote its second file", () => {
    expect(b).toBeDefined();
    expect(b!.id).not.toBe(a.id);
    expect(openSnapshot(join(dir, "snapshots")).id).toBe(b!.id);
    // the files that show it: the KPIs, the segments and the settings (which name the snapshot)
    for (const file of ["kpi-tiles.json", "kpi-trends.arrow", "segments.json", "site-settings.json"]) {
      expect(fromB.get(file), file).not.toBe(fromA.get(file));
    }
  });

  it("leaves every data file of the site from the snapshot the build started with", () => {
    expect(site.snapshot).toBe(a.id);
    expect([...inSite.keys()].sort()).toEqual(Object.keys(SITE_DATA).sort());
    for (const [file, text] of inSite) expect(text, file).toBe(fromA.get(file));
    expect(JSON.parse(Buffer.from(inSite.get("site-settings.json")!, "base64").toString("utf8")).snapshot).toBe(a.id);
  });
});
