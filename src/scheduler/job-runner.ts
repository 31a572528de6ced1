/**
 * Runs one job: its steps in order, stopping at the first failure, with the run recorded in the job
 * history when it starts and when it ends. What a step does is the caller's `StepRunner`; this module
 * only sequences steps, so it knows nothing of the warehouse.
 */
import { randomUUID } from "node:crypto";
import { EXIT, LoyaltyError } from "../errors.js";
import type { JobConfig, JobStep } from "./job-config.js";

/** Runs one step; returns a short summary line ("loaded 3 files, 12 840 rows"), or nothing. */
export type StepRunner = (step: JobStep, signal: AbortSignal) => Promise<string | void>;

export type JobTrigger = "cron" | "manual";
/** `skipped_overlap`: another run was in progress; `skipped_busy`: another process held the warehouse. */
export type JobRunStatus = "running" | "ok" | "failed" | "skipped_overlap" | "skipped_busy" | "cancelled";

export interface JobRunRecord {
  run_id: string;
  job: string;
  trigger: JobTrigger;
  started_at: Date;
  finished_at: Date | null;
  status: JobRunStatus;
  steps_done: number;
  error: string | null;
  summary: string | null;
}

/** Where runs are recorded. Each call gets its own copy of the record. */
export interface JobHistory {
  /** Records a run that has begun (status `running`). */
  start(rec: JobRunRecord): Promise<void>;
  /** Records a run's final state; a run that never began (`skipped_overlap`, `skipped_busy`) is recorded by this call alone. */
  finish(rec: JobRunRecord): Promise<void>;
}

export function newRunRecord(job: string, trigger: JobTrigger): JobRunRecord {
  return {
    run_id: randomUUID(),
    job,
    trigger,
    started_at: new Date(),
    finished_at: null,
    status: "running",
    steps_done: 0,
    error: null,
    summary: null,
  };
}

/**
 * Runs `job`'s steps in order. An abort is honoured between steps (status `cancelled`): a step that
 * has begun is left to finish, so no step is cut off halfway through a load. A step that fails
 * because it chose to honour the abort itself also counts as cancelled, with its message kept.
 *
 * A failed `history.start` is thrown as it is: no step has run. A failed `history.finish` is thrown
 * as an `UnrecordedRunError` carrying the finished record, so the outcome is not lost with it.
 */
export async function runJob(
  name: string,
  job: JobConfig,
  trigger: JobTrigger,
  runStep: StepRunner,
  history: JobHistory,
  signal: AbortSignal,
): Promise<JobRunRecord> {
  const rec = newRunRecord(name, trigger);
  await history.start({ ...rec });
  const summaries: string[] = [];
  for (const step of job.steps) {
    if (signal.aborted) {
      rec.status = "cancelled";
      break;
    }
    try {
      const summary = await runStep(step, signal);
      if (summary) summaries.push(summary);
      rec.steps_done++;
    } catch (err) {
      rec.status = signal.aborted ? "cancelled" : "failed";
      rec.error = `${stepLabel(step)}: ${err instanceof Error ? err.message : String(err)}`;
      break;
    }
  }
  if (rec.status === "running") rec.status = "ok";
  rec.summary = summaries.length ? summaries.join("; ") : null;
  rec.finished_at = new Date();
  try {
    await history.finish({ ...rec });
  } catch (err) {
    throw new UnrecordedRunError(rec, err);
  }
  return rec;
}

/** What a finished run came to, in one line: "nightly failed: build: …". */
export function runOutcome(rec: JobRunRecord): string {
  if (rec.status === "failed") return `${rec.job} failed: ${rec.error}`;
  if (rec.status === "cancelled") return `${rec.job} cancelled after ${rec.steps_done} step(s)`;
  return `${rec.job} finished${rec.summary ? `: ${rec.summary}` : ""}`;
}

/** A run that ended, but whose final state could not be written: its history row still says `running`. */
export class UnrecordedRunError extends LoyaltyError {
  constructor(
    readonly record: JobRunRecord,
    readonly reason: unknown,
  ) {
    const why = reason instanceof Error ? reason.message : String(reason);
    super(
      `${runOutcome(record)}; but the job history could not record it, so run ${record.run_id} shows "running" there: ${why}`,
      reason instanceof LoyaltyError ? reason.exitCode : EXIT.unexpected,
    );
  }
}

/** A step as a user would recognise it in an error: `ingest data/inbox`, `sync crm`, `build`. */
export function stepLabel(step: JobStep): string {
  if (typeof step === "string") return step;
  if ("ingest" in step) return `ingest ${step.ingest}`;
  if ("segments" in step) return `segments ${step.segments.join(", ")}`;
  return `sync ${step.sync.destination}`;
}
