/**
 * Runs the configured jobs on their cron schedules, in the chain's time zone, one run at a time.
 *
 * All jobs share one warehouse file, which DuckDB lets one writer hold, so a tick that arrives while
 * any run is in progress is skipped (recorded as `skipped_overlap`), never queued: a queue behind a
 * slow nightly load would only grow. Skipped ticks are written to the history once the run in
 * progress has finished, because its steps may hold the warehouse open until then.
 */
import { schedule, type Logger, type ScheduledTask } from "node-cron";
import { ConfigError } from "../errors.js";
import type { Jobs } from "./job-config.js";
import { newRunRecord, runJob, type JobHistory, type JobRunRecord, type StepRunner } from "./job-runner.js";

export type SchedulerLog = (event: { level: "info" | "warn" | "error"; message: string; job?: string; [k: string]: unknown }) => void;

export interface SchedulerOptions {
  jobs: Jobs;
  /** IANA zone the cron expressions are read in, e.g. "Europe/Moscow". */
  timeZone: string;
  runStep: StepRunner;
  history: JobHistory;
  log: SchedulerLog;
}

export interface Scheduler {
  /** Stops scheduling, lets the run in progress finish its current step, then resolves. */
  stop(): Promise<void>;
  /** The job currently running, if any (at most one). */
  running(): string[];
  /** When each job next runs (null once stopped). */
  nextRuns(): Record<string, Date | null>;
}

export function startScheduler({ jobs, timeZone, runStep, history, log }: SchedulerOptions): Scheduler {
  checkTimeZone(timeZone);
  if (Object.keys(jobs).length === 0) {
    throw new ConfigError("config", "jobs", 'has no jobs to schedule; add one, e.g. "nightly": { "cron": "0 3 * * *", "steps": ["build", "publish"] }');
  }
  const abort = new AbortController();
  let active: { job: string; done: Promise<void> } | null = null;
  let skipped: JobRunRecord[] = [];
  let stopping: Promise<void> | null = null;

  const onTick = (name: string) => {
    if (abort.signal.aborted) return;
    if (active) {
      const rec = skippedRecord(name, active.job);
      skipped.push(rec);
      log({ level: "warn", message: `skipped ${name}: ${rec.summary}`, job: name, run_id: rec.run_id });
      return;
    }
    active = { job: name, done: runAndRecord(name).finally(() => (active = null)) };
  };

  const runAndRecord = async (name: string) => {
    log({ level: "info", message: `starting ${name}`, job: name });
    try {
      report(await runJob(name, jobs[name], "cron", runStep, history, abort.signal), log);
    } catch (err) {
      // Only the history writes throw here (a step's failure is part of the record), e.g. when another
      // process holds the warehouse.
      log({ level: "error", message: `${name}: could not write the job history: ${(err as Error).message}`, job: name });
    }
    await flushSkipped();
  };

  // Ticks skipped while flushing are appended to `skipped` and written by the same loop.
  const flushSkipped = async () => {
    while (skipped.length) {
      const batch = skipped;
      skipped = [];
      for (const rec of batch) {
        await history.finish(rec).catch((err: Error) =>
          log({ level: "error", message: `skipped tick of ${rec.job} could not be recorded: ${err.message}`, job: rec.job }),
        );
      }
    }
  };

  const tasks = new Map<string, ScheduledTask>(
    Object.entries(jobs).map(([name, job]) => [
      name,
      schedule(job.cron, () => onTick(name), { name, timezone: timeZone, logger: cronLogger(log, name) }),
    ]),
  );
  for (const [name, task] of tasks) {
    log({ level: "info", message: `scheduled ${name} (${jobs[name].cron}, ${timeZone})`, job: name, next_run: task.getNextRun() });
  }

  return {
    stop() {
      stopping ??= (async () => {
        for (const task of tasks.values()) await task.destroy();
        abort.abort();
        if (active) log({ level: "info", message: `stopping: waiting for ${active.job} to finish its current step`, job: active.job });
        await active?.done;
        log({ level: "info", message: "scheduler stopped" });
      })();
      return stopping;
    },
    running: () => (active ? [active.job] : []),
    // A destroyed node-cron task still reports a next run, hence the check of `stopping`.
    nextRuns: () => Object.fromEntries([...tasks].map(([name, task]) => [name, stopping ? null : task.getNextRun()])),
  };
}

/**
 * Stops the scheduler on the first SIGTERM or SIGINT and resolves with the signal's name once it
 * has stopped; the CLI awaits this and exits. The handlers are removed at once, so a second Ctrl-C
 * quits immediately the usual way.
 */
export function installGracefulStop(scheduler: Pick<Scheduler, "stop">, log: SchedulerLog): Promise<NodeJS.Signals> {
  return new Promise((resolve, reject) => {
    const handlers = (["SIGTERM", "SIGINT"] as const).map((signal) => {
      const onSignal = () => {
        for (const [s, h] of handlers) process.off(s, h);
        log({ level: "info", message: `${signal} received: stopping after the current step (press Ctrl-C again to quit at once)` });
        scheduler.stop().then(() => resolve(signal), reject);
      };
      return [signal, onSignal] as const;
    });
    for (const [s, h] of handlers) process.on(s, h);
  });
}

function skippedRecord(name: string, busyJob: string): JobRunRecord {
  const rec = newRunRecord(name, "cron");
  rec.status = "skipped_overlap";
  rec.finished_at = rec.started_at;
  rec.summary = busyJob === name ? "its previous run was still running" : `${busyJob} was still running`;
  return rec;
}

function report(rec: JobRunRecord, log: SchedulerLog): void {
  const fields = { job: rec.job, run_id: rec.run_id, status: rec.status, steps_done: rec.steps_done };
  if (rec.status === "failed") log({ level: "error", message: `${rec.job} failed: ${rec.error}`, ...fields });
  else if (rec.status === "cancelled") log({ level: "warn", message: `${rec.job} cancelled after ${rec.steps_done} step(s)`, ...fields });
  else log({ level: "info", message: `${rec.job} finished${rec.summary ? `: ${rec.summary}` : ""}`, ...fields });
}

/** node-cron reports missed ticks (a blocked event loop) through its logger; route them to ours, not the console. */
function cronLogger(log: SchedulerLog, job: string): Logger {
  const text = (m: string | Error) => `node-cron: ${m instanceof Error ? m.message : m}`;
  return {
    info: (m) => log({ level: "info", message: text(m), job }),
    warn: (m) => log({ level: "warn", message: text(m), job }),
    error: (m) => log({ level: "error", message: text(m), job }),
    debug: () => {},
  };
}

/** node-cron only fails on a bad zone when the first task starts; check it first with a message a user can act on. */
function checkTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    throw new ConfigError("config", "timeZone", `"${timeZone}" is not a time zone; use an IANA name such as "Europe/Moscow"`);
  }
}
