/**
 * What each step of a scheduled job does: the service behind the CLI command of the same name, so
 * a job is exactly what an operator would type, in order. Each step's result goes to `report`, and
 * a one-line summary to the job history.
 */
import type { AppEvents } from "../app/app-events.js";
import { buildWarehouse } from "../app/build-warehouse.js";
import { ingestFeeds } from "../app/ingest-feeds.js";
import { publishWarehouse } from "../app/publish-warehouse.js";
import type { ResultReporter } from "../app/result-reporter.js";
import { runSegmentsNamed } from "../app/run-segments.js";
import { assertSyncFinished, sendToDestination } from "../app/send-to-destination.js";
import type { Config } from "../config/config.js";
import type { JobStep } from "./job-config.js";
import type { StepRunner } from "./job-runner.js";

export function jobStepRunner(config: Config, events: AppEvents, report: ResultReporter): StepRunner {
  return async (step: JobStep, signal: AbortSignal) => {
    if (step === "build") {
      const result = await buildWarehouse(config, {}, events);
      report.build(result);
      return `built ${result.models.length} models`;
    }
    if (step === "publish") {
      const result = await publishWarehouse(config, events);
      report.publish(result);
      return `published snapshot ${result.snapshot.id}`;
    }
    if ("ingest" in step) {
      const result = await ingestFeeds(config, [step.ingest], {}, events);
      report.ingest(result);
      return `ingested ${result.files.filter((r) => r.status === "loaded").length} new file(s) from ${step.ingest}`;
    }
    if ("segments" in step) {
      report.segmentRuns(await runSegmentsNamed(config, step.segments, events));
      return `ran ${step.segments.join(", ")}`;
    }
    const { destination, segments, full } = step.sync;
    const results = await sendToDestination(config, destination, { segments, full }, events, signal);
    report.sync(results);
    assertSyncFinished(destination, results);
    const sent = results.reduce((n, r) => n + r.sentUpserts + r.sentRemoves, 0);
    return `synced ${results.length} segment(s) to ${destination}: ${sent} change(s) sent`;
  };
}
