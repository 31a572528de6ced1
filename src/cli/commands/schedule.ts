import type { Command } from "commander";
import { installGracefulStop, startScheduler } from "../../scheduler/scheduler.js";
import { runJob, type JobRunRecord, type StepRunner } from "../../scheduler/job-runner.js";
import { readJobHistory, WarehouseJobHistory } from "../../scheduler/warehouse-job-history.js";
import { EXIT, LoyaltyError, UsageError } from "../../errors.js";
import { checkJobs } from "../../scheduler/check-jobs.js";
import { jobStepRunner } from "../../scheduler/job-steps.js";
import { createContext, type CliContext } from "../context.js";
import { textTable } from "../output.js";
import { positiveInt } from "../parse-options.js";
import { resultPrinter } from "../result-printer.js";

export function registerSchedule(program: Command): void {
  program
    .command("schedule")
    .description("run the configured jobs on their cron schedules (in the chain's time zone) until SIGTERM or Ctrl-C")
    .option("--history [n]", "show the last job runs instead", false)
    .action(async (options: { history: boolean | string }, command: Command) => {
      const ctx = createContext(command.optsWithGlobals());
      if (options.history !== false) await printHistory(ctx, options.history === true ? 20 : positiveInt(options.history, "--history"));
      else await runDaemon(ctx);
    });
  program
    .command("run <job>")
    .description("run one configured job now, step by step, and record it in the job history")
    .action(async (job: string, _options: unknown, command: Command) => {
      await runOnce(createContext(command.optsWithGlobals()), job);
    });
}

async function runDaemon(ctx: CliContext): Promise<void> {
  const { config, output } = ctx;
  await checkJobs(config);
  const scheduler = startScheduler({
    jobs: config.jobs,
    timeZone: config.timeZone,
    runStep: stepRunner(ctx),
    history: new WarehouseJobHistory(config.warehouse),
    log: (event) => {
      output.event("scheduler", event);
      if (event.level === "info") output.say(`[${new Date().toISOString()}] ${event.message}`);
      else output.warn(event.message);
    },
  });
  for (const [job, next] of Object.entries(scheduler.nextRuns())) {
    output.say(`${job}: next run ${next ? output.dateTime(next, "second") : "–"} (${output.timeZone})`);
  }
  const signal = await installGracefulStop(scheduler, (e) => output.say(e.message));
  output.say(`Stopped on ${signal}.`);
}

async function runOnce(ctx: CliContext, name: string): Promise<JobRunRecord> {
  const job = ctx.config.jobs[name];
  if (!job) throw new UsageError(`There is no job "${name}" in the config (jobs: ${Object.keys(ctx.config.jobs).join(", ") || "none"}).`);
  await checkJobs(ctx.config, [name]);
  // the failing step's own error decides the exit code (6 for a destination, 5 for a data test, …)
  let stepError: unknown;
  const steps = stepRunner(ctx);
  const runStep: typeof steps = (step, signal) => steps(step, signal).catch((err: unknown) => {
    stepError = err;
    throw err;
  });
  const record = await runJob(name, job, "manual", runStep, new WarehouseJobHistory(ctx.config.warehouse), new AbortController().signal);
  ctx.output.event("job", { ...record });
  ctx.output.say(`${name}: ${record.status} after ${record.steps_done}/${job.steps.length} step(s)${record.summary ? ` — ${record.summary}` : ""}`);
  if (record.status === "failed") throw new JobFailedError(name, record.error ?? "unknown error", stepError instanceof LoyaltyError ? stepError.exitCode : EXIT.unexpected);
  return record;
}

/** A job's steps as the services behind the commands of the same names, their results printed as those commands print them. */
function stepRunner({ config, output, events }: CliContext): StepRunner {
  return jobStepRunner(config, events, resultPrinter(output));
}

async function printHistory({ config, output }: CliContext, limit: number): Promise<void> {
  const runs = await readJobHistory(config.warehouse, limit);
  for (const r of runs) output.event("job_run", { ...r });
  output.say(
    textTable(
      ["job", "trigger", `started (${output.timeZone})`, "status", "steps", "summary / error"],
      runs.map((r) => [r.job, r.trigger, output.dateTime(r.started_at, "second"), r.status, String(r.steps_done), r.error ?? r.summary ?? ""]),
      [4],
    ),
  );
}

export class JobFailedError extends LoyaltyError {
  constructor(job: string, error: string, exitCode: number) {
    super(`Job ${job} failed: ${error}`, exitCode);
  }
}
