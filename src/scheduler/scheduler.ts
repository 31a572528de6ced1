/**
 * Runs the configured jobs on their cron schedules, in the chain's time zone, one run at a time.
 *
 * All jobs share one warehouse file, which DuckDB lets one writer hold, so a tick that arrives while
 * any run is in progress is skipped (recorded as `skipped_overlap`), never queued: a queue behind a
 * slow nightly load would only grow. Skipped ticks are written to the history once the run in
 * progress has finished, because its steps may hold the warehouse open until then.
 *
 * When another process holds the warehouse, a tick cannot even record its start: it is skipped
 * (`skipped_busy`), logged as an error, and its record waits with the skipped ticks until the
 * warehouse is free again, as does the final record of a run that could not be written.
 */
import { schedule, type Logger, type ScheduledTask } from "node-cron";
import { ConfigError, WarehouseBusyError } from "../errors.js";
import { runsLostToClockChanges } from "./clock-change-gaps.js";
import type { Jobs } from "./job-config.js";
import { newRunRecord, runJob, runOutcome, UnrecordedRunError, type JobHistory, type JobRunRecord, type StepRunner } from "./job-runner.js";

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
  /** Records not yet in the history: skipped ticks, and runs whose writes the warehouse refused. */
  let unrecorded: JobRunRecord[] = [];
  let stopping: Promise<void> | null = null;

  const onTick = (name: string) => {
    if (abort.signal.aborted) return;
    if (active) {
      const rec = skippedRecord(name, active.job);
      unrecorded.push(rec);
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
      // Only the history writes throw here (a step's failure is part of the record).
      if (err instanceof UnrecordedRunError) keepUnrecordedRun(err);
      else if (err instanceof WarehouseBusyError) keepBusyTick(name);
      else log({ level: "error", message: `${name} did not run: its start could not be written to the job history: ${(err as Error).message}`, job: name });
    }
    await flushUnrecorded();
  };

  const keepBusyTick = (name: string) => {
    const rec = busyRecord(name);
    unrecorded.push(rec);
    log({
      level: "error",
      message: `${name} did not run at ${zonedTime(rec.started_at, timeZone)}: the warehouse is busy (another process writes it); it runs again at its next tick`,
      job: name,
      run_id: rec.run_id,
      status: rec.status,
    });
  };

  const keepUnrecordedRun = ({ record: rec, message }: UnrecordedRunError) => {
    unrecorded.push(rec);
    log({
      level: "error",
      message: `${message} (the record is kept and written again later)`,
      job: rec.job,
      run_id: rec.run_id,
      status: rec.status,
      steps_done: rec.steps_done,
    });
  };

  // Ticks skipped while flushing are appended to `unrecorded` and written by the same loop. A record
  // the warehouse refuses because it is busy waits for the next flush; any other failure is final.
  const flushUnrecorded = async () => {
    const waiting: JobRunRecord[] = [];
    while (unrecorded.length) {
      const batch = unrecorded;
      unrecorded = [];
      for (const rec of batch) {
        await history.finish({ ...rec }).catch((err: Error) => {
          if (err instanceof WarehouseBusyError) waiting.push(rec);
          else log({ level: "error", message: `the ${rec.status} record of ${rec.job} (run ${rec.run_id}) could not be written to the job history: ${err.message}`, job: rec.job, run_id: rec.run_id });
        });
      }
    }
    unrecorded = waiting;
  };

  /** At stop, records still waiting for the warehouse are lost with the process: name them. */
  const reportLost = () => {
    for (const rec of unrecorded) {
      log({
        level: "error",
        message: `the ${rec.status} record of ${rec.job} (run ${rec.run_id}, ${zonedTime(rec.started_at, timeZone)}) was never written to the job history: the warehouse stayed busy`,
        job: rec.job,
        run_id: rec.run_id,
        status: rec.status,
      });
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
    const [lost] = runsLostToClockChanges(jobs[name].cron, timeZone, new Date());
    if (lost) {
      log({
        level: "warn",
        message: `${name} will not run on ${lost.date}: clocks in ${timeZone} skip ${lost.gap} that night, and its time (${jobs[name].cron}) falls in the gap; move it out of ${lost.gap}`,
        job: name,
        lost_date: lost.date,
      });
    }
  }

  return {
    stop() {
      stopping ??= (async () => {
        for (const task of tasks.values()) await task.destroy();
        abort.abort();
        if (active) log({ level: "info", message: `stopping: waiting for ${active.job} to finish its current step`, job: active.job });
        await active?.done;
        await flushUnrecorded();
        reportLost();
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

function busyRecord(name: string): JobRunRecord {
  const rec = newRunRecord(name, "cron");
  rec.status = "skipped_busy";
  rec.finished_at = rec.started_at;
  rec.summary = "the warehouse was busy: another process was writing it";
  return rec;
}

function report(rec: JobRunRecord, log: SchedulerLog): void {
  const level = rec.status === "failed" ? "error" : rec.status === "cancelled" ? "warn" : "info";
  log({ level, message: runOutcome(rec), job: rec.job, run_id: rec.run_id, status: rec.status, steps_done: rec.steps_done });
}

/** "2026-10-31 03:00:00 Europe/Moscow": the tick as the cron expression reads it (Swedish dates are ISO-shaped). */
function zonedTime(date: Date, timeZone: string): string {
  return `${date.toLocaleString("sv-SE", { timeZone })} ${timeZone}`;
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
