/** Runs one configured job now, step by step, and records it in the job history: `loyalty run <job>`. */
import type { AppEvents } from "../app/app-events.js";
import type { ResultReporter } from "../app/result-reporter.js";
import type { Config } from "../config/config.js";
import { EXIT, LoyaltyError, UsageError } from "../errors.js";
import { checkJobs } from "./check-jobs.js";
import { runJob, type JobRunRecord, type StepRunner } from "./job-runner.js";
import { jobStepRunner } from "./job-steps.js";
import { WarehouseJobHistory } from "./warehouse-job-history.js";

export interface ManualJobRun {
  record: JobRunRecord;
  /** How many steps the job has. */
  steps: number;
  /** A failed run's error, to throw once the run is shown; its exit code is the failing step's. */
  failure?: JobFailedError;
}

export async function runJobNow(config: Config, name: string, events: AppEvents, report: ResultReporter): Promise<ManualJobRun> {
  const job = config.jobs[name];
  if (!job) throw new UsageError(`There is no job "${name}" in the config (jobs: ${Object.keys(config.jobs).join(", ") || "none"}).`);
  await checkJobs(config, [name]);
  // the failing step's own error decides the exit code (6 for a destination, 5 for a data test, …)
  let stepError: unknown;
  const steps = jobStepRunner(config, events, report);
  const runStep: StepRunner = (step, signal) => steps(step, signal).catch((err: unknown) => {
    stepError = err;
    throw err;
  });
  const record = await runJob(name, job, "manual", runStep, new WarehouseJobHistory(config.warehouse), new AbortController().signal);
  events.event("job", { ...record });
  const failure = record.status === "failed"
    ? new JobFailedError(name, record.error ?? "unknown error", stepError instanceof LoyaltyError ? stepError.exitCode : EXIT.unexpected)
    : undefined;
  return { record, steps: job.steps.length, failure };
}

export class JobFailedError extends LoyaltyError {
  constructor(job: string, error: string, exitCode: number) {
    super(`Job ${job} failed: ${error}`, exitCode);
  }
}
