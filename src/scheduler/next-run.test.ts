/**
 * When the scheduler says a job runs next, on any day of the year: month ends, year ends and the
 * clock changes of a zone with summer time. The clock is set by the test (only `Date` is faked, so
 * node-cron's own timers still work), so the expectations never depend on today's date.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runsLostToClockChanges } from "./clock-change-gaps.js";
import { startScheduler, type Scheduler, type SchedulerLog } from "./scheduler.js";

let scheduler: Scheduler | undefined;
let warnings: string[];
const log: SchedulerLog = (e) => void (e.level === "warn" && warnings.push(e.message));

beforeEach(() => {
  warnings = [];
  vi.useFakeTimers({ toFake: ["Date"] });
});
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
  vi.useRealTimers();
});

/** The next run of `cron` in `timeZone` when the clock reads `now` (UTC), as UTC ISO text. */
function nextRun(cron: string, timeZone: string, now: string): string {
  vi.setSystemTime(new Date(now));
  scheduler = startScheduler({ jobs: { job: { cron, steps: ["build"] } }, timeZone, runStep: async () => {}, history: { start: async () => {}, finish: async () => {} }, log });
  const next = scheduler.nextRuns().job!.toISOString();
  void scheduler.stop();
  scheduler = undefined;
  return next;
}

describe("next run of a nightly job at 03:00 in Europe/Moscow (UTC+3 all year)", () => {
  it.each([
    ["on the 29th of November", "2026-11-29T18:45:00Z", "2026-11-30T00:00:00.000Z"],
    ["on the 30th of November, after the day's run", "2026-11-30T10:00:00Z", "2026-12-01T00:00:00.000Z"],
    ["on the 31st of December", "2026-12-31T10:00:00Z", "2027-01-01T00:00:00.000Z"],
    ["a second before midnight of the new year (UTC)", "2026-12-31T23:59:59Z", "2027-01-01T00:00:00.000Z"],
    ["at the very tick of a run", "2027-01-01T00:00:00Z", "2027-01-02T00:00:00.000Z"],
    ["on the 28th of February", "2027-02-28T12:00:00Z", "2027-03-01T00:00:00.000Z"],
    ["on the 28th of February of a leap year", "2028-02-28T12:00:00Z", "2028-02-29T00:00:00.000Z"],
  ])("%s", (_, now, expected) => {
    expect(nextRun("0 3 * * *", "Europe/Moscow", now)).toBe(expected);
  });

  it("a job on the 31st skips the months without one; a job on the last day (L) finds February's", () => {
    expect(nextRun("0 3 31 * *", "Europe/Moscow", "2026-11-15T00:00:00Z")).toBe("2026-12-31T00:00:00.000Z");
    expect(nextRun("0 3 31 * *", "Europe/Moscow", "2027-01-31T01:00:00Z")).toBe("2027-03-31T00:00:00.000Z");
    expect(nextRun("0 3 L * *", "Europe/Moscow", "2027-02-15T00:00:00Z")).toBe("2027-02-28T00:00:00.000Z");
    expect(nextRun("0 3 1 1 *", "Europe/Moscow", "2026-12-31T10:00:00Z")).toBe("2027-01-01T00:00:00.000Z");
  });
});

describe("across the clock changes of Europe/Berlin (CET, CEST from the last Sunday of March)", () => {
  it("03:00 is 02:00 UTC before the spring change and 01:00 UTC from the day of it", () => {
    expect(nextRun("0 3 * * *", "Europe/Berlin", "2027-03-26T12:00:00Z")).toBe("2027-03-27T02:00:00.000Z");
    expect(nextRun("0 3 * * *", "Europe/Berlin", "2027-03-27T12:00:00Z")).toBe("2027-03-28T01:00:00.000Z");
    expect(nextRun("0 3 * * *", "Europe/Berlin", "2026-10-24T12:00:00Z")).toBe("2026-10-25T02:00:00.000Z");
    expect(warnings).toEqual([]);
  });

  it("02:30 happens twice on the autumn change and the job runs once", () => {
    expect(nextRun("30 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00Z")).toBe("2026-10-25T01:30:00.000Z");
    // after the first 02:30 (CEST) has passed, the next run is the following night, not the second 02:30 (CET)
    expect(nextRun("30 2 * * *", "Europe/Berlin", "2026-10-25T00:40:00Z")).toBe("2026-10-26T01:30:00.000Z");
  });

  it("02:30 does not exist on the spring change: the night is skipped, and the scheduler warns when it starts", () => {
    expect(nextRun("30 2 * * *", "Europe/Berlin", "2027-03-27T12:00:00Z")).toBe("2027-03-29T00:30:00.000Z");
    expect(warnings).toEqual([
      "job will not run on 2027-03-28: clocks in Europe/Berlin skip 02:00–03:00 that night, and its time (30 2 * * *) falls in the gap; move it out of 02:00–03:00",
    ]);
  });
});

describe("runsLostToClockChanges", () => {
  const from = new Date("2026-11-01T00:00:00Z");
  it("names the date and the gap of each spring change in the coming year", () => {
    expect(runsLostToClockChanges("0 2 * * *", "Europe/Berlin", from)).toEqual([{ date: "2027-03-28", gap: "02:00–03:00" }]);
    expect(runsLostToClockChanges("15 2 * * *", "America/New_York", from)).toEqual([{ date: "2027-03-14", gap: "02:00–03:00" }]);
    // Lord Howe Island moves its clocks by half an hour
    expect(runsLostToClockChanges("45 2 * * *", "Australia/Lord_Howe", from)).toEqual([]);
    expect(runsLostToClockChanges("15 2 * * *", "Australia/Lord_Howe", new Date("2027-09-01T00:00:00Z"))).toEqual([{ date: "2027-10-03", gap: "02:00–02:30" }]);
  });

  it("reports nothing for times outside the gap, zones without summer time, jobs on other days, or hourly jobs", () => {
    expect(runsLostToClockChanges("0 3 * * *", "Europe/Berlin", from)).toEqual([]);
    expect(runsLostToClockChanges("0 2 * * *", "Europe/Moscow", from)).toEqual([]);
    expect(runsLostToClockChanges("0 2 * * 1-5", "Europe/Berlin", from)).toEqual([]); // 2027-03-28 is a Sunday
    expect(runsLostToClockChanges("30 * * * *", "Europe/Berlin", from)).toEqual([]);
  });
});
