/**
 * What `npm start` does, as an ordered list of steps: generate (first run only) → ingest → build →
 * run the target segments → publish → build and serve the report site.
 */
import { existsSync, readdirSync } from "node:fs";
import { SAMPLE_MARGIN_RATE, SAMPLE_POINT_VALUE, SAMPLE_TIER_LEVELS } from "../../ingest/sample-chain/sample-params.js";
import type { Config } from "../config/config.js";
import type { AppEvents } from "./app-events.js";
import { buildReportSite } from "./build-report-site.js";
import { buildWarehouse } from "./build-warehouse.js";
import { ingestFeeds } from "./ingest-feeds.js";
import { publishWarehouse } from "./publish-warehouse.js";
import type { ResultReporter } from "./result-reporter.js";
import { runAllSegments } from "./run-segments.js";
import { serveReportSite } from "./serve-report-site.js";
import { writeSampleChain } from "./write-sample-chain.js";

export interface PipelineRun {
  config: Config;
  events: AppEvents;
  report: ResultReporter;
  /** The site's port (default 3000, or a free one when 3000 is taken). */
  sitePort?: number;
}

export interface PipelineStep {
  name: string;
  run: (run: PipelineRun) => Promise<void>;
}

const sampleChainExists = (dir: string) => existsSync(dir) && readdirSync(dir).some((n) => n.startsWith("receipts"));

export const START_STEPS: PipelineStep[] = [
  {
    name: "generate the sample chain (first run only)",
    run: async ({ config, events, report }) => {
      if (sampleChainExists(config.sampleDir)) events.notice(`Sample chain already in ${config.sampleDir}.`);
      else report.sampleChain(await writeSampleChain(config, {}, events));
      const campaigns = config.models.campaigns;
      if (campaigns.marginRate === undefined) {
        campaigns.marginRate = SAMPLE_MARGIN_RATE;
        events.notice(`Campaign ROI assumes the sample chain's gross margin of ${SAMPLE_MARGIN_RATE * 100} % (config key "models.campaigns.marginRate").`);
      }
      const bonus = config.models.bonus;
      if (bonus.pointValue === undefined) {
        bonus.pointValue = SAMPLE_POINT_VALUE;
        events.notice(`Bonus points are valued at the sample chain's ${SAMPLE_POINT_VALUE} ${config.currency} a point (config key "models.bonus.pointValue").`);
      }
      const tiers = config.models.tiers;
      if (tiers.levels === undefined) {
        tiers.levels = SAMPLE_TIER_LEVELS;
        events.notice(`Tiers are ranked by the sample chain's rules: ${SAMPLE_TIER_LEVELS.map((l) => `${l.tier} from ${l.minSpend} ${config.currency}`).join(", ")} over ${tiers.qualifyingMonths} months (config key "models.tiers.levels").`);
      }
    },
  },
  { name: "ingest the feeds", run: async ({ config, events, report }) => report.ingest(await ingestFeeds(config, [config.sampleDir], {}, events)) },
  { name: "build the models", run: async ({ config, events, report }) => report.build(await buildWarehouse(config, {}, events)) },
  { name: "run the target segments", run: async ({ config, events, report }) => report.segmentRuns(await runAllSegments(config, events)) },
  { name: "publish the Parquet snapshot", run: async ({ config, events, report }) => report.publish(await publishWarehouse(config, events)) },
  {
    name: "build and serve the report site",
    // the server keeps the process alive after the pipeline's summary; Ctrl+C stops it
    run: async ({ config, events, report, sitePort }) => {
      report.siteBuilt(await buildReportSite(config, {}, events));
      report.siteServed(await serveReportSite({ port: sitePort }, events));
    },
  },
];

/** Runs the steps in order, each announced with its number; returns how long they took. */
export async function runPipeline(run: PipelineRun, steps: PipelineStep[]): Promise<{ elapsedMs: number }> {
  const started = Date.now();
  for (const [i, step] of steps.entries()) {
    run.events.notice(`\n[${i + 1}/${steps.length}] ${step.name}`);
    run.events.event("step", { step: step.name });
    await step.run(run);
  }
  const elapsedMs = Date.now() - started;
  run.events.event("done", { elapsedMs });
  return { elapsedMs };
}
