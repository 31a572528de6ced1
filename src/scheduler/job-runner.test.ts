import { describe, expect, it } from "vitest";
import type { JobConfig, JobStep } from "./job-config.js";
import { EXIT, WarehouseBusyError } from "../errors.js";
import { runJob, stepLabel, UnrecordedRunError, type JobHistory, type JobRunRecord, type StepRunner } from "./job-runner.js";

/** Keeps every call, so a test can see what was written when. */
function memoryHistory() {
  const calls: { kind: "start" | "finish"; rec: JobRunRecord }[] = [];
  const history: JobHistory = {
    start: async (rec) => void calls.push({ kind: "start", rec }),
    finish: async (rec) => void calls.push({ kind: "finish", rec }),
  };
  return { history, calls };
}

const job: JobConfig = {
  cron: "0 3 * * *",
  steps: [{ ingest: "data/inbox" }, "build", { sync: { destination: "crm" } }, "publish"],
};

/** A step runner that records the steps it ran and answers with `behaviour` for each. */
function recordingRunner(behaviour: (step: JobStep, signal: AbortSignal) => Promise<string | void> = async (s) => `did ${stepLabel(s)}`) {
  const ran: string[] = [];
  const runStep: StepRunner = (step, signal) => {
    ran.push(stepLabel(step));
    return behaviour(step, signal);
  };
  return { runStep, ran };
}

describe("running a job", () => {
  it("runs every step in order and records the run when it starts and ends", async () => {
    const { history, calls } = memoryHistory();
    const { runStep, ran } = recordingRunner();
    const rec = await runJob("nightly", job, "manual", runStep, history, new AbortController().signal);

    expect(ran).toEqual(["ingest data/inbox", "build", "sync crm", "publish"]);
    expect(rec).toMatchObject({
      job: "nightly",
      trigger: "manual",
      status: "ok",
      steps_done: 4,
      error: null,
      summary: "did ingest data/inbox; did build; did sync crm; did publish",
    });
    expect(rec.finished_at!.getTime()).toBeGreaterThanOrEqual(rec.started_at.getTime());
    expect(calls.map((c) => [c.kind, c.rec.status, c.rec.steps_done])).toEqual([
      ["start", "running", 0],
      ["finish", "ok", 4],
    ]);
    expect(calls[0].rec.run_id).toBe(rec.run_id);
    expect(calls[0].rec.finished_at).toBeNull();
  });

  it("stops at the first failing step and names it in the error", async () => {
    const { history, calls } = memoryHistory();
    const { runStep, ran } = recordingRunner(async (step) => {
      if (step === "build") throw new Error("segment lapsing: table stg_receipts is missing");
      return step === "publish" ? undefined : "loaded 3 files";
    });
    const rec = await runJob("nightly", job, "cron", runStep, history, new AbortController().signal);

    expect(ran).toEqual(["ingest data/inbox", "build"]);
    expect(rec).toMatchObject({
      status: "failed",
      steps_done: 1,
      error: "build: segment lapsing: table stg_receipts is missing",
      summary: "loaded 3 files",
    });
    expect(calls.at(-1)?.rec).toEqual(rec);
  });

  it("lets the running step finish when aborted, then starts no other step", async () => {
    const { history, calls } = memoryHistory();
    const abort = new AbortController();
    const { runStep, ran } = recordingRunner(async (step) => {
      if (step === "build") abort.abort(); // a stop request arrives while build runs
      await new Promise((r) => setTimeout(r, 20));
      return `done ${stepLabel(step)}`;
    });
    const rec = await runJob("nightly", job, "cron", runStep, history, abort.signal);

    expect(ran).toEqual(["ingest data/inbox", "build"]);
    expect(rec).toMatchObject({ status: "cancelled", steps_done: 2, error: null, summary: "done ingest data/inbox; done build" });
    expect(calls.map((c) => c.rec.status)).toEqual(["running", "cancelled"]);
  });

  it("counts a step that gives up because of the abort as cancelled, keeping its message", async () => {
    const abort = new AbortController();
    const { runStep } = recordingRunner(async (step, signal) => {
      abort.abort();
      signal.throwIfAborted();
      return "never";
    });
    const rec = await runJob("nightly", job, "cron", runStep, memoryHistory().history, abort.signal);
    expect(rec).toMatchObject({ status: "cancelled", steps_done: 0, summary: null });
    expect(rec.error).toMatch(/^ingest data\/inbox: .*abort/i);
  });

  it("runs no step when already aborted", async () => {
    const abort = new AbortController();
    abort.abort();
    const { runStep, ran } = recordingRunner();
    const rec = await runJob("nightly", job, "cron", runStep, memoryHistory().history, abort.signal);
    expect(ran).toEqual([]);
    expect(rec).toMatchObject({ status: "cancelled", steps_done: 0 });
  });

  it("runs no step when the start cannot be recorded, and throws that error as it is", async () => {
    const busy = new WarehouseBusyError("warehouse.duckdb", "Could not set lock on file");
    const history: JobHistory = {
      start: async () => {
        throw busy;
      },
      finish: async () => {},
    };
    const { runStep, ran } = recordingRunner();
    await expect(runJob("nightly", job, "cron", runStep, history, new AbortController().signal)).rejects.toBe(busy);
    expect(ran).toEqual([]);
  });

  it("keeps the outcome of a run whose final record cannot be written", async () => {
    const busy = new WarehouseBusyError("warehouse.duckdb", "Could not set lock on file");
    const { history, calls } = memoryHistory();
    history.finish = async () => {
      throw busy;
    };
    const { runStep } = recordingRunner();
    const error = await runJob("nightly", job, "cron", runStep, history, new AbortController().signal).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UnrecordedRunError);
    const { record, reason, exitCode, message } = error as UnrecordedRunError;
    expect(record).toMatchObject({ run_id: calls[0].rec.run_id, status: "ok", steps_done: 4 });
    expect(record.finished_at).not.toBeNull();
    expect(reason).toBe(busy);
    expect(exitCode).toBe(EXIT.busy);
    expect(message).toMatch(new RegExp(`^nightly finished: did ingest data/inbox; .*; but the job history could not record it, so run ${record.run_id} shows "running" there: The warehouse warehouse\\.duckdb is open in another process`));
  });
});
