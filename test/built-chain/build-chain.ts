/**
 * Builds the small sample chain that the tests of this folder share, as `npm start` would:
 * generate (1,500 customers, 4 stores, 400 days, seed 7) → ingest → build the models → run the
 * shipped segments → publish → build the site. Run by global-setup.ts in a process of its own,
 * beside the other tests: `tsx build-chain.ts <folder>`. Writes `<folder>/ready.json` (a BuiltChain)
 * when done, or `<folder>/error.txt`.
 */
import { SAMPLE_POINT_VALUE } from "../../ingest/sample-chain/sample-params.js";
import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ingestPlan, planIngest } from "../../ingest/ingest-paths.js";
import { generateSampleChain } from "../../ingest/sample-chain/generate-sample-chain.js";
import { SAMPLE_MARGIN_RATE, SAMPLE_TIER_LEVELS } from "../../ingest/sample-chain/sample-params.js";
import { buildModels, defaultAsOf, selectModels } from "../../models/build-models.js";
import { MODELS } from "../../models/registry.js";
import { loadAllSegments } from "../../segments/load-segments.js";
import { runSegment, type SegmentRun } from "../../segments/run-segment.js";
import { parseConfig } from "../../src/config/config.js";
import { ensureSchema } from "../../src/db/ensure-schema.js";
import { withWarehouse } from "../../src/db/warehouse.js";
import { buildSite } from "../../src/site/build-site.js";
import { publishSnapshot } from "../../src/snapshot/publish-snapshot.js";
import type { BuiltChain } from "./built-chain.js";

const base = process.argv[2];
try {
  // as npm start assumes
  const config = parseConfig({
    models: { campaigns: { marginRate: SAMPLE_MARGIN_RATE }, bonus: { pointValue: SAMPLE_POINT_VALUE }, tiers: { levels: SAMPLE_TIER_LEVELS } },
  });
  const chainDir = join(base, "chain");
  const snapshotDir = join(base, "snapshots");
  const warehouse = join(base, "warehouse.duckdb");
  // without the last month's planted problems: they are for the diagnosis (test/diagnosis.e2e.test.ts, on a
  // chain large enough to find them); at 1,500 customers a city's planted churners alone leave BG/NBD unidentified
  await generateSampleChain({ customers: 1500, stores: 4, days: 400, seed: 7, out: chainDir, problems: false });
  const { ingest, segmentRuns } = await withWarehouse(warehouse, async (wh) => {
    await ensureSchema(wh);
    const ingest = await ingestPlan(wh, await planIngest([chainDir], {}), {});
    await buildModels(wh, selectModels(MODELS), { asOf: await defaultAsOf(wh), params: config.models });
    const segmentRuns: SegmentRun[] = [];
    for (const definition of await loadAllSegments(join(import.meta.dirname, "../..", config.segments.dir))) {
      segmentRuns.push(await runSegment(wh, definition, config.segments));
    }
    await publishSnapshot(wh, snapshotDir, 1);
    return { ingest, segmentRuns };
  });
  const site = await buildSite({
    out: join(base, "dist"),
    snapshotDir,
    // the till's offers are published here, so the site test can check that file holds nothing else
    // and bonuses are valued at the sample chain's point value, as `npm start` does
    settings: { locale: "ru-RU", currency: "RUB", timeZone: "Europe/Moscow", publishOffersOnSite: true, pointValue: SAMPLE_POINT_VALUE },
  });
  const built: BuiltChain = { chainDir, warehouse, snapshotDir, ingest, segmentRuns, site };
  // written whole, then renamed: a waiting test never reads half a file
  writeFileSync(join(base, "ready.json.tmp"), JSON.stringify(built));
  renameSync(join(base, "ready.json.tmp"), join(base, "ready.json"));
} catch (err) {
  writeFileSync(join(base, "error.txt"), String((err as Error).stack ?? err));
  process.exitCode = 1;
}
