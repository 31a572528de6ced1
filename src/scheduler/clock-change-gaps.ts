/**
 * Runs that a clock change takes away. When clocks go forward, the local times in the gap (02:00–02:59
 * in most of Europe) never happen, and node-cron, like most cron implementations that read the
 * expression in a time zone, simply does not fire a job set inside the gap that night: a nightly
 * refresh at 02:30 in Europe/Berlin would silently miss the last Sunday of March. The scheduler warns
 * about such runs when it starts, naming the date, so the operator can move the job.
 *
 * Jobs that run at least hourly are not reported: their next tick follows within the hour.
 */
import { createTask, parse } from "node-cron";

export interface LostRun {
  /** The local date of the clock change, YYYY-MM-DD. */
  date: string;
  /** The skipped local interval, e.g. "02:00–03:00". */
  gap: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Local dates in the `days` after `from` on which a run of `cron` falls into the hour the clocks skip. */
export function runsLostToClockChanges(cron: string, timeZone: string, from: Date, days = 366): LostRun[] {
  const fields = parse(cron);
  if (fields.hour.length === 24) return [];
  const lost: LostRun[] = [];
  for (const change of forwardClockChanges(timeZone, from, days)) {
    const runsInGap = gapMinutes(change).some(({ hour, minute }) => fields.hour.includes(hour) && fields.minute.includes(minute));
    if (runsInGap && runsOnDate(cron, timeZone, change.at)) lost.push({ date: change.localDate, gap: `${change.from}–${change.to}` });
  }
  return lost;
}

interface ClockChange {
  /** The instant the clocks jump. */
  at: Date;
  localDate: string;
  /** Local wall time just before the jump ("02:00") and what the clocks show after it ("03:00"). */
  from: string;
  to: string;
}

/** The instants in the window at which the zone's UTC offset grows (clocks go forward). */
function forwardClockChanges(timeZone: string, from: Date, days: number): ClockChange[] {
  const changes: ClockChange[] = [];
  const end = from.getTime() + days * 24 * HOUR;
  for (let t = from.getTime(); t < end; t += HOUR) {
    if (offsetMinutes(t + HOUR, timeZone) <= offsetMinutes(t, timeZone)) continue;
    // find the minute of the change inside the hour
    let lo = t;
    let hi = t + HOUR;
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
      if (offsetMinutes(mid, timeZone) > offsetMinutes(t, timeZone)) hi = mid;
      else lo = mid;
    }
    const before = wallClock(hi - MINUTE, timeZone);
    const after = wallClock(hi, timeZone);
    const endOfOld = addMinutes(before.time, 1);
    changes.push({ at: new Date(hi), localDate: after.date, from: endOfOld, to: after.time });
  }
  return changes;
}

/** Every local hour:minute that does not exist on the day of the change. */
function gapMinutes(change: ClockChange): { hour: number; minute: number }[] {
  const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const minutes: { hour: number; minute: number }[] = [];
  for (let m = toMinutes(change.from); m < toMinutes(change.to); m++) minutes.push({ hour: Math.floor(m / 60), minute: m % 60 });
  return minutes;
}

/** Whether the expression's day fields (day of month, month, weekday) allow the local date of `at`. */
function runsOnDate(cron: string, timeZone: string, at: Date): boolean {
  const parts = cron.trim().split(/\s+/);
  const dayFields = parts.slice(parts.length - 3).join(" ");
  // every second of the day matches the time fields, so only the date decides
  const task = createTask(`* * * ${dayFields}`, () => {}, { timezone: timeZone });
  try {
    return task.match(at);
  } finally {
    void task.destroy();
  }
}

function offsetMinutes(t: number, timeZone: string): number {
  const { date, time } = wallClock(t, timeZone);
  const local = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), Number(time.slice(0, 2)), Number(time.slice(3, 5)));
  return Math.round((local - Math.floor(t / MINUTE) * MINUTE) / MINUTE);
}

const formats = new Map<string, Intl.DateTimeFormat>();
function wallClock(t: number, timeZone: string): { date: string; time: string } {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("sv-SE", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    formats.set(timeZone, format);
  }
  const [date, time] = format.format(new Date(t)).split(" ");
  return { date, time };
}

function addMinutes(hhmm: string, n: number): string {
  const m = Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)) + n;
  return `${String(Math.floor(m / 60) % 24).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}
