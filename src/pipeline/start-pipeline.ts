/**
 * What `npm start` does, as an ordered list of steps. Later stages (the site build and serve) are
 * added here as steps of their own.
 */
import { existsSync, readdirSync } from "node:fs";
import type { CliContext } from "../cli/context.js";
import { runGenerate } from "../cli/commands/generate.js";
import { runBuild } from "../cli/commands/build.js";
import { runIngest } from "../cli/commands/ingest.js";
import { runPublish } from "../cli/commands/publish.js";
import { runSiteBuild, runSiteServe } from "../cli/commands/site.js";

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
    },
  },
  { name: "ingest the feeds", run: (ctx) => runIngest(ctx, [ctx.config.sampleDir], {}) },
  { name: "build the models", run: (ctx) => runBuild(ctx) },
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
