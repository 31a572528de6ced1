/**
 * What each step of a scheduled job does: the same work as the CLI command of the same name, so a
 * job is exactly what an operator would type, in order.
 */
import type { JobStep } from "../scheduler/job-config.js";
import type { StepRunner } from "../scheduler/job-runner.js";
import { runBuild } from "./commands/build.js";
import { runIngest } from "./commands/ingest.js";
import { runPublish } from "./commands/publish.js";
import { runSegments } from "./commands/segments.js";
import { runSync } from "./commands/sync.js";
import type { CliContext } from "./context.js";

export function cliStepRunner(ctx: CliContext): StepRunner {
  return async (step: JobStep, signal: AbortSignal) => {
    if (step === "build") {
      const results = await runBuild(ctx);
      return `built ${results.length} models`;
    }
    if (step === "publish") return `published snapshot ${(await runPublish(ctx)).id}`;
    if ("ingest" in step) {
      const results = await runIngest(ctx, [step.ingest], {});
      return `ingested ${results.filter((r) => r.status === "loaded").length} new file(s) from ${step.ingest}`;
    }
    if ("segments" in step) {
      await runSegments(ctx, step.segments);
      return `ran ${step.segments.join(", ")}`;
    }
    const results = await runSync(ctx, step.sync.destination, { segment: step.sync.segments, full: step.sync.full }, signal);
    const sent = results.reduce((n, r) => n + r.sentUpserts + r.sentRemoves, 0);
    return `synced ${results.length} segment(s) to ${step.sync.destination}: ${sent} change(s) sent`;
  };
}
