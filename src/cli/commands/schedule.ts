import type { Command } from "commander";
import { installGracefulStop, startScheduler } from "../../scheduler/scheduler.js";
import { readJobHistory, WarehouseJobHistory } from "../../scheduler/warehouse-job-history.js";
import { checkJobs } from "../../scheduler/check-jobs.js";
import { jobStepRunner } from "../../scheduler/job-steps.js";
import { runJobNow } from "../../scheduler/run-job-now.js";
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
  const { config, output, events } = ctx;
  await checkJobs(config);
  const scheduler = startScheduler({
    jobs: config.jobs,
    timeZone: config.timeZone,
    // each step's result printed as the command of the same name prints it
    runStep: jobStepRunner(config, events, resultPrinter(output)),
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

async function runOnce({ config, output, events }: CliContext, name: string): Promise<void> {
  const { record, steps, failure } = await runJobNow(config, name, events, resultPrinter(output));
  output.say(`${name}: ${record.status} after ${record.steps_done}/${steps} step(s)${record.summary ? ` — ${record.summary}` : ""}`);
  if (failure) throw failure;
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
