/**
 * The report site built once per test run from a small sample chain (1,500 customers, 4 stores,
 * 400 days): generate → ingest → build the models → run the segments → publish → `buildSite` into a temporary dist.
 * site-build.test.ts and site-browser.test.ts both use it; they may run in parallel (one process
 * each), so the first to arrive builds it under a directory lock and the other waits for it.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ingestPlan, planIngest } from "../ingest/ingest-paths.js";
import { generateSampleChain } from "../ingest/sample-chain/generate-sample-chain.js";
import { buildModels, defaultAsOf, selectModels } from "../models/build-models.js";
import { MODELS } from "../models/registry.js";
import { loadAllSegments } from "../segments/load-segments.js";
import { runSegment } from "../segments/run-segment.js";
import { buildSite } from "../src/cli/commands/site.js";
import { parseConfig } from "../src/config/config.js";
import { ensureSchema } from "../src/db/ensure-schema.js";
import { withWarehouse } from "../src/db/warehouse.js";
import { publishSnapshot } from "../src/snapshot/publish-snapshot.js";

export interface SiteFixture {
  /** The sample chain's feeds (to know what personal data must not leak). */
  chainDir: string;
  /** Parent folder of the published snapshot (holds `current`). */
  snapshotDir: string;
  /** The built site. */
  dist: string;
  pages: string[];
  bytes: number;
  buildMs: number;
}

const PREFIX = "loyalty-site-fixture-";
// One fixture per test run: test files run in forks of the same vitest process.
const base = join(tmpdir(), `${PREFIX}${process.ppid}`);
const readyFile = join(base, "ready.json");
const errorFile = join(base, "error.txt");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Removes fixtures left by earlier test runs whose vitest process has ended. */
function removeStaleFixtures(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const pid = Number(name.slice(PREFIX.length));
    if (Number.isInteger(pid) && pid !== process.ppid && !alive(pid)) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

async function build(): Promise<SiteFixture> {
  const chainDir = join(base, "chain");
  const snapshotDir = join(base, "snapshots");
  await generateSampleChain({ customers: 1500, stores: 4, days: 400, seed: 7, out: chainDir });
  await withWarehouse(join(base, "warehouse.duckdb"), async (wh) => {
    await ensureSchema(wh);
    await ingestPlan(wh, await planIngest([chainDir], {}), {});
    await buildModels(wh, selectModels(MODELS), { asOf: await defaultAsOf(wh), params: parseConfig({}).models });
    // as `npm start` does: the shipped segments run before publishing, so the Segments page has data
    const settings = parseConfig({}).segments;
    for (const definition of await loadAllSegments(join(import.meta.dirname, "..", settings.dir))) await runSegment(wh, definition, settings);
    await publishSnapshot(wh, snapshotDir, 1);
  });
  rmSync(join(base, "warehouse.duckdb"), { force: true });
  const site = await buildSite({ out: join(base, "dist"), snapshotDir, locale: "ru-RU", currency: "RUB", timeZone: "Europe/Moscow" });
  return { chainDir, snapshotDir, dist: site.out, pages: site.pages, bytes: site.bytes, buildMs: site.elapsedMs };
}

export async function siteFixture(): Promise<SiteFixture> {
  removeStaleFixtures();
  let owner = false;
  try {
    mkdirSync(base);
    owner = true;
  } catch {
    // another test file is building it (or has built it)
  }
  if (owner) {
    try {
      const fixture = await build();
      writeFileSync(readyFile, JSON.stringify(fixture));
      return fixture;
    } catch (err) {
      writeFileSync(errorFile, String((err as Error).stack ?? err));
      throw err;
    }
  }
  const deadline = Date.now() + 170_000;
  while (Date.now() < deadline) {
    if (existsSync(readyFile)) return JSON.parse(readFileSync(readyFile, "utf8")) as SiteFixture;
    if (existsSync(errorFile)) throw new Error(`building the site fixture failed in another test file:\n${readFileSync(errorFile, "utf8")}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for the site fixture in ${base}`);
}
