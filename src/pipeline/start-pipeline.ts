/**
 * What `npm start` does, as an ordered list of steps: generate (first run only) → ingest → build →
 * run the target segments → publish → build and serve the report site.
 */
import { existsSync, readdirSync } from "node:fs";
import { SAMPLE_MARGIN_RATE } from "../../ingest/sample-chain/sample-params.js";
import { runGenerate } from "../cli/commands/generate.js";
import { runBuild } from "../cli/commands/build.js";
import { runIngest } from "../cli/commands/ingest.js";
import { runPublish } from "../cli/commands/publish.js";
import { runSegmentDefinitions } from "../cli/commands/segments.js";
import { runSiteBuild, runSiteServe } from "../cli/commands/site.js";
import type { CliContext } from "../cli/context.js";
import { loadAllSegments } from "../../segments/load-segments.js";
import type { SegmentRun } from "../../segments/run-segment.js";

export interface PipelineStep {
  name: string;
  run: (ctx: CliContext) => Promise<unknown>;
}

const sampleChainExists = (dir: string) => existsSync(dir) && readdirSync(dir).some((n) => n.startsWith("receipts"));

export const START_STEPS: PipelineStep[] = [
  {
    name: "generate the sample chain (first run only)",
    run: async (ctx) => {
      if (sampleChainExists(ctx.config.sampleDir)) ctx.output.say(`Sample chain already in ${ctx.config.sampleDir}.`);
      else await runGenerate(ctx, {});
      const campaigns = ctx.config.models.campaigns;
      if (campaigns.marginRate === undefined) {
        campaigns.marginRate = SAMPLE_MARGIN_RATE;
        ctx.output.say(`Campaign ROI assumes the sample chain's gross margin of ${SAMPLE_MARGIN_RATE * 100} % (config key "models.campaigns.marginRate").`);
      }
    },
  },
  { name: "ingest the feeds", run: (ctx) => runIngest(ctx, [ctx.config.sampleDir], {}) },
  { name: "build the models", run: (ctx) => runBuild(ctx) },
  { name: "run the target segments", run: (ctx) => runAllSegments(ctx) },
  { name: "publish the Parquet snapshot", run: (ctx) => runPublish(ctx) },
  {
    name: "build and serve the report site",
    // the server keeps the process alive after the pipeline's summary; Ctrl+C stops it
    run: async (ctx) => {
      await runSiteBuild(ctx);
      await runSiteServe(ctx, { port: process.env.PORT });
    },
  },
];

/**
 * Runs every segment definition in `segments.dir` on the models just built and keeps each run, so
 * the snapshot published next carries `segment_runs` for the site. A missing folder is not an error
 * here (segments are optional): the step says so and moves on.
 */
export async function runAllSegments(ctx: CliContext): Promise<SegmentRun[]> {
  const { config, output } = ctx;
  const dir = config.segments.dir;
  if (!existsSync(dir)) {
    output.warn(`No segments folder ${dir} (config key "segments.dir"): no segments run.`);
    return [];
  }
  const definitions = await loadAllSegments(dir);
  if (!definitions.length) {
    output.say(`No segment definitions in ${dir}.`);
    return [];
  }
  return runSegmentDefinitions(ctx, definitions);
}

export async function runPipeline(ctx: CliContext, steps: PipelineStep[]): Promise<void> {
  const started = Date.now();
  for (const [i, step] of steps.entries()) {
    ctx.output.say(`\n[${i + 1}/${steps.length}] ${step.name}`);
    ctx.output.event("step", { step: step.name });
    await step.run(ctx);
  }
  ctx.output.say(`\nDone in ${ctx.output.duration(Date.now() - started)}.`);
  ctx.output.event("done", { elapsedMs: Date.now() - started });
}
