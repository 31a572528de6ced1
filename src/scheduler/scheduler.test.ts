import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigError, WarehouseBusyError } from "../errors.js";
import type { Jobs } from "./job-config.js";
import type { JobHistory, JobRunRecord, StepRunner } from "./job-runner.js";
import { installGracefulStop, startScheduler, type Scheduler, type SchedulerLog } from "./scheduler.js";

const EVERY_SECOND = "* * * * * *";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Keeps the latest state of each run, as the warehouse table would. */
function memoryHistory() {
  const runs = new Map<string, JobRunRecord>();
  const history: JobHistory = {
    start: async (rec) => void runs.set(rec.run_id, rec),
    finish: async (rec) => void runs.set(rec.run_id, rec),
  };
  const byStatus = (status: JobRunRecord["status"]) => [...runs.values()].filter((r) => r.status === status);
  return { history, runs, byStatus };
}

/**
 * The in-memory history, but as if another process held the warehouse for the first `busyStarts`
 * starts and `busyFinishes` finishes; every call is logged, so a test can see what was written when.
 */
function busyHistory({ busyStarts = 0, busyFinishes = 0 }) {
  const memory = memoryHistory();
  const calls: string[] = [];
  const busy = () => new WarehouseBusyError("warehouse.duckdb", "Could not set lock on file");
  const history: JobHistory = {
    start: async (rec) => {
      calls.push(`start ${rec.job} ${rec.status}${busyStarts > 0 ? " (busy)" : ""}`);
      if (busyStarts-- > 0) throw busy();
      await memory.history.start(rec);
    },
    finish: async (rec) => {
      calls.push(`finish ${rec.job} ${rec.status}${busyFinishes > 0 ? " (busy)" : ""}`);
      if (busyFinishes-- > 0) throw busy();
      await memory.history.finish(rec);
    },
  };
  return { ...memory, history, calls };
}

/** A step that takes `ms`, counting how many steps run at once. */
function slowSteps(ms: number) {
  const state = { calls: 0, inFlight: 0, maxInFlight: 0, finished: 0 };
  const runStep: StepRunner = async () => {
    state.calls++;
    state.maxInFlight = Math.max(state.maxInFlight, ++state.inFlight);
    await sleep(ms);
    state.inFlight--;
    state.finished++;
    return "done";
  };
  return { runStep, state };
}

const events: Parameters<SchedulerLog>[0][] = [];
const log: SchedulerLog = (event) => void events.push(event);
let scheduler: Scheduler | undefined;
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
  events.length = 0;
});

describe("the job scheduler", () => {
  it("never runs two jobs at once: a tick during any run is recorded as skipped_overlap", async () => {
    const { history, runs, byStatus } = memoryHistory();
    const { runStep, state } = slowSteps(1500);
    const jobs: Jobs = { a: { cron: EVERY_SECOND, steps: ["build"] }, b: { cron: EVERY_SECOND, steps: ["publish"] } };
    scheduler = startScheduler({ jobs, timeZone: "Europe/Moscow", runStep, history, log });

    // Within ~4 s: a first run finishes, ticks were skipped meanwhile, and a second run has begun.
    await waitFor(() => byStatus("ok").length >= 1 && byStatus("skipped_overlap").length >= 1 && state.calls >= 2, 4000);
    await scheduler.stop();

    expect(state.maxInFlight).toBe(1);
    const done = byStatus("ok").sort((x, y) => x.started_at.getTime() - y.started_at.getTime());
    expect(done.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < done.length; i++) expect(done[i].started_at.getTime()).toBeGreaterThanOrEqual(done[i - 1].finished_at!.getTime());
    expect([...runs.values()].filter((r) => r.status === "running")).toEqual([]);

    // Both jobs tick in the same second, so one is skipped because of the other (jobs share the warehouse).
    const skipped = byStatus("skipped_overlap");
    expect(skipped.some((r) => r.summary === `${r.job === "a" ? "b" : "a"} was still running`)).toBe(true);
    expect(skipped.every((r) => r.trigger === "cron" && r.steps_done === 0 && r.finished_at !== null)).toBe(true);
    expect(events.filter((e) => e.level === "warn" && e.message.startsWith("skipped ")).length).toBe(skipped.length);
  });

  it("stop() lets the running step finish, cancels the rest, and starts no more runs", async () => {
    const { history, byStatus } = memoryHistory();
    const { runStep, state } = slowSteps(700);
    scheduler = startScheduler({
      jobs: { nightly: { cron: EVERY_SECOND, steps: ["build", "publish"] } },
      timeZone: "Europe/Moscow",
      runStep,
      history,
      log,
    });
    await waitFor(() => state.calls === 1, 1500);
    expect(scheduler.running()).toEqual(["nightly"]);

    await scheduler.stop();
    expect(state).toMatchObject({ calls: 1, finished: 1, inFlight: 0 });
    expect(scheduler.running()).toEqual([]);
    expect(byStatus("cancelled")).toMatchObject([{ job: "nightly", steps_done: 1, summary: "done", error: null }]);

    await sleep(1100); // more than one tick
    expect(state.calls).toBe(1);
    expect(byStatus("ok")).toEqual([]);
  });

  it("skips a tick whose start the busy warehouse refuses, says so, and records it once the warehouse is free", async () => {
    // the first start and the write of its skipped_busy record meet a busy warehouse
    const { history, calls, byStatus } = busyHistory({ busyStarts: 1, busyFinishes: 1 });
    const { runStep, state } = slowSteps(10);
    scheduler = startScheduler({ jobs: { often: { cron: EVERY_SECOND, steps: ["build"] } }, timeZone: "Europe/Moscow", runStep, history, log });

    await waitFor(() => byStatus("skipped_busy").length === 1 && byStatus("ok").length >= 1, 3500);
    await scheduler.stop();

    expect(calls.slice(0, 5)).toEqual([
      "start often running (busy)", // the first tick: no step runs
      "finish often skipped_busy (busy)", // still busy: the record waits
      "start often running", // the next tick runs
      "finish often ok",
      "finish often skipped_busy", // written after that run
    ]);
    expect(state.calls).toBe(byStatus("ok").length);
    const [skipped] = byStatus("skipped_busy");
    expect(skipped).toMatchObject({ job: "often", trigger: "cron", steps_done: 0, error: null, summary: "the warehouse was busy: another process was writing it" });
    expect(skipped.finished_at).toEqual(skipped.started_at);
    const errors = events.filter((e) => e.level === "error");
    expect(errors).toEqual([
      expect.objectContaining({ job: "often", run_id: skipped.run_id, status: "skipped_busy" }),
    ]);
    expect(errors[0].message).toMatch(
      /^often did not run at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d Europe\/Moscow: the warehouse is busy \(another process writes it\); it runs again at its next tick$/,
    );
  });

  it("logs a run whose final record the busy warehouse refuses, with its outcome, and writes it later", async () => {
    // the run's own finish and the retry right after it meet a busy warehouse
    const { history, calls, runs, byStatus } = busyHistory({ busyFinishes: 2 });
    const { runStep } = slowSteps(10);
    scheduler = startScheduler({ jobs: { often: { cron: EVERY_SECOND, steps: ["build"] } }, timeZone: "Europe/Moscow", runStep, history, log });

    await waitFor(() => byStatus("ok").length >= 2, 3500);
    await scheduler.stop();

    expect(calls.slice(0, 6)).toEqual([
      "start often running",
      "finish often ok (busy)",
      "finish often ok (busy)",
      "start often running",
      "finish often ok",
      "finish often ok", // the first run's record, kept until the warehouse was free
    ]);
    expect([...runs.values()].filter((r) => r.status === "running")).toEqual([]);
    const errors = events.filter((e) => e.level === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ job: "often", status: "ok", steps_done: 1 });
    expect(errors[0].message).toMatch(
      new RegExp(`^often finished: done; but the job history could not record it, so run ${errors[0].run_id} shows "running" there: The warehouse warehouse\\.duckdb is open in another process.* \\(the record is kept and written again later\\)$`),
    );
  });

  it("names, at stop, each record the warehouse never let it write", async () => {
    const { history, runs } = busyHistory({ busyStarts: Infinity, busyFinishes: Infinity });
    const { runStep, state } = slowSteps(10);
    scheduler = startScheduler({ jobs: { often: { cron: EVERY_SECOND, steps: ["build"] } }, timeZone: "Europe/Moscow", runStep, history, log });

    await waitFor(() => events.some((e) => e.level === "error"), 1500);
    await scheduler.stop();

    expect(state.calls).toBe(0);
    expect(runs.size).toBe(0);
    const busy = events.filter((e) => e.level === "error" && / did not run at /.test(e.message));
    const lost = events.filter((e) => e.level === "error" && /was never written to the job history: the warehouse stayed busy$/.test(e.message));
    expect(busy.length).toBeGreaterThanOrEqual(1);
    expect(lost.map((e) => e.run_id)).toEqual(busy.map((e) => e.run_id));
  });

  it("reads cron expressions in the chain's time zone", async () => {
    scheduler = startScheduler({
      jobs: { midnight: { cron: "0 0 * * *", steps: ["build"] } },
      timeZone: "Asia/Kathmandu", // UTC+05:45 all year: midnight there is 18:15 UTC
      runStep: async () => {},
      history: memoryHistory().history,
      log,
    });
    const next = scheduler.nextRuns().midnight!;
    expect([next.getUTCHours(), next.getUTCMinutes(), next.getUTCSeconds()]).toEqual([18, 15, 0]);
    expect(next.getTime() - Date.now()).toBeGreaterThan(0);
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600_000);

    await scheduler.stop();
    expect(scheduler.nextRuns()).toEqual({ midnight: null });
  });

  it("rejects an unknown time zone and an empty jobs section with the key to fix", () => {
    const base = { runStep: async () => {}, history: memoryHistory().history, log };
    const jobs: Jobs = { nightly: { cron: "0 3 * * *", steps: ["build"] } };
    expect(() => startScheduler({ ...base, jobs, timeZone: "Europe/Moskva" })).toThrow(ConfigError);
    expect(() => startScheduler({ ...base, jobs, timeZone: "Europe/Moskva" })).toThrow(/"timeZone" "Europe\/Moskva" is not a time zone/);
    expect(() => startScheduler({ ...base, jobs: {}, timeZone: "Europe/Moscow" })).toThrow(/"jobs" has no jobs to schedule/);
  });

  it("stops the scheduler on SIGTERM and resolves once it has stopped", async () => {
    const before = process.listenerCount("SIGTERM");
    let stopped = false;
    const stop = vi.fn(async () => {
      await sleep(50);
      stopped = true;
    });
    const done = installGracefulStop({ stop }, log);
    expect(process.listenerCount("SIGTERM")).toBe(before + 1);

    process.emit("SIGTERM", "SIGTERM");
    await expect(done).resolves.toBe("SIGTERM");
    expect(stopped).toBe(true);
    expect(stop).toHaveBeenCalledTimes(1);
    expect(process.listenerCount("SIGTERM")).toBe(before);
    expect(events.map((e) => e.message)).toEqual([expect.stringMatching(/^SIGTERM received: stopping after the current step/)]);
  });
});
