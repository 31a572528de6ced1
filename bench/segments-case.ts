// One step of the segments benchmark in its own process (its peak memory is its own); prints one JSON line.
import { spawn } from "node:child_process";
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { parseConfig } from "../src/config/config.js";
import { withWarehouse } from "../src/db/warehouse.js";
import { syncDestination } from "../src/delivery/sync-destination.js";
import { buildModels, defaultAsOf, selectModels } from "../models/build-models.js";
import { MODELS } from "../models/registry.js";
import { shapeQuery } from "../segments/export-shapes.js";
import { loadAllSegments, loadSegment } from "../segments/load-segments.js";
import { currentRun, runSegment } from "../segments/run-segment.js";
import type { ExportFormat } from "../segments/export-shapes.js";
import { writeExport } from "../segments/write-export.js";

const [step, warehouse, outDir] = process.argv.slice(2);
const segmentsDir = join(outDir, "segments");
const config = parseConfig({ segments: { dir: segmentsDir } });
const started = performance.now();
let detail: Record<string, unknown> = {};
const lap = (() => { let t = performance.now(); return () => { const d = performance.now() - t; t = performance.now(); return Math.round(d); }; })();

/** Every member of the chain: the largest segment a chain can have. */
const ALL_MEMBERS = { name: "bench-all-members", title: "All members", where: { field: "frequency", gte: 0 }, offer: { code: "BENCH", validDays: 7 } };

await withWarehouse(warehouse, async (wh) => {
  switch (step) {
    case "features": {
      const [r] = await buildModels(wh, selectModels(MODELS, "mart_customer_features"), { asOf: await defaultAsOf(wh), params: config.models });
      detail = { rows: r.rows };
      break;
    }
    case "evaluate": {
      // The shipped definitions plus every member; each run keeps its member list and diff.
      mkdirSync(segmentsDir, { recursive: true });
      writeFileSync(join(segmentsDir, "bench-all-members.json"), JSON.stringify(ALL_MEMBERS));
      const shipped = await loadAllSegments(join(import.meta.dirname, "../segments/definitions"));
      for (const definition of [...shipped, await loadSegment(segmentsDir, ALL_MEMBERS.name)]) {
        const run = await runSegment(wh, definition, config.segments);
        detail[definition.name] = { ms: lap(), members: run.members };
      }
      break;
    }
    case "export": {
      const { runId } = await currentRun(wh, await loadSegment(segmentsDir, ALL_MEMBERS.name), config.segments);
      lap();
      for (const [shape, format] of [["marketer", "csv"], ["marketer", "parquet"], ["marketer", "xlsx"], ["pos", "csv"], ["mailer", "csv"]] as const) {
        const path = join(outDir, `export-${shape}.${format}`);
        const { rows } = await writeExport(wh, shapeQuery(shape, runId), path, { format: format as ExportFormat });
        detail[`${shape}.${format}`] = { ms: lap(), rows, MiB: Math.round(statSync(path).size / 2 ** 20) };
      }
      break;
    }
    case "push": {
      // The mailer shape (every reachable target member) to a local HTTP server in its own process, 1,000 per request.
      const server = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "bench-destination.ts")], { stdio: ["pipe", "pipe", "inherit"] });
      const lines = createInterface({ input: server.stdout! })[Symbol.asyncIterator]();
      const url = (await lines.next()).value as string;
      // a new destination each time: it holds nothing yet, so every reachable member is sent
      const name = `bench-${Date.now()}`;
      const cfg = parseConfig({ segments: { dir: segmentsDir }, destinations: { [name]: { type: "http", url, shape: "mailer", batchSize: 1000, segments: [ALL_MEMBERS.name] } } });
      const [result] = await syncDestination(wh, cfg, name);
      const ms = lap();
      server.stdin!.end();
      const received = JSON.parse((await lines.next()).value as string);
      detail = { members: result.sentUpserts, batches: result.batches, ms, membersPerSecond: Math.round(result.sentUpserts / (ms / 1000)), received };
      break;
    }
    default:
      throw new Error(`unknown step ${step}`);
  }
});
process.stdout.write(`${JSON.stringify({ step, ms: Math.round(performance.now() - started), peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), detail })}\n`);
