/**
 * What the sample values of one export column are: numbers (and how they are written), dates and
 * times (as a strptime format), booleans, a small set of codes, or long digit identifiers. Used by
 * `loyalty profile draft` to fill in `decimal`, `dateFormat` and value maps; pure functions over
 * strings, so nothing here reads a file or depends on today's date.
 *
 * DuckDB's strptime, checked with the project's DuckDB (v1.5.6, @duckdb/node-api; see
 * sniff-values.duckdb.test.ts):
 * - `%d %m %H %I` accept one or two digits, so `%m/%d/%Y %H:%M` reads "12/1/2010 8:26" (the UK
 *   Online Retail dataset) as 2010-12-01 08:26, and `%d.%m.%Y` reads "5.3.2024". No `%-m` is needed.
 * - A format must fit the whole value: `%m/%d/%Y %H:%M` does not read "12/1/2010 8:26:00".
 * - `%H%M` reads compact "0931" but not "931": a compact time without its leading zero must be
 *   padded first (`lpad(value, 4, '0')`), hence `padTo` and `strptime: false` below.
 * - `%f` takes 1 to 6 fraction digits; `%z` takes +03, +0300 and +03:00 (and yields a TIMESTAMPTZ);
 *   `%y` puts 00–68 in 20xx and 69–99 in 19xx (a birth date "05.03.68" becomes 2068).
 * The warehouse's own reader (parse-expressions.ts) avoids strptime for the shapes it knows; it
 * reads D/M/YYYY day first, so a month-first export read without a dateFormat gets day and month
 * swapped wherever the day is 12 or less (`builtIn: false` says a dateFormat is needed).
 */

// ---------------------------------------------------------------------------------------------
// Numbers

export type DecimalSeparator = "," | ".";
/** "\u202f" (narrow no-break space, Excel's French and Russian locales) besides the ones asked for. */
export type ThousandsSeparator = "" | " " | "\u00a0" | "\u202f" | "," | ".";

export interface NumberShape {
  decimal: DecimalSeparator;
  /** The grouping character the values use, "" when none does. */
  thousands: ThousandsSeparator;
  /** No value is written with a fraction ("3", "1 200"; not "3,00"). `decimal` is then "." by default. */
  integer: boolean;
  negative: boolean;
  /** Another reading of the values is as plausible ("1,500" alone: 1.5 or 1500); the decimal reading was taken. */
  guessed?: true;
}

/** Values that stand for "no value" in exports, skipped by the sniffers of numbers, dates and identifiers. */
const NULL_MARKERS = new Set(["-", "—", "–", "null", "n/a", "na", "nan", "none", "#н/д"]);

const present = (values: readonly string[]): string[] =>
  values.map((v) => v.trim()).filter((v) => v !== "" && !NULL_MARKERS.has(v.toLowerCase()));

const SPACES = /[ \u00a0\u202f]/g;
const NUMBER = /^([-+\u2212]?)(\d(?:[\d \u00a0\u202f.,]*\d)?)$/;

interface Reading {
  decimal: DecimalSeparator;
  /** Grouping character; " " stands for every kind of space here. */
  group: "" | " " | "," | ".";
}

// A lone separator is read as the decimal one first ("1,500" is 1.5), as Russian exports write it.
const READINGS: Reading[] = [
  { decimal: ",", group: "" },
  { decimal: ".", group: "" },
  { decimal: ",", group: " " },
  { decimal: ".", group: " " },
  { decimal: ".", group: "," },
  { decimal: ",", group: "." },
];

/** The value of `body` (unsigned, spaces unified) under a reading, or undefined when it does not fit. */
function readAs(body: string, r: Reading, strictGrouping: boolean): number | undefined {
  const parts = body.split(r.decimal);
  if (parts.length > 2) return undefined;
  const [whole, fraction] = parts;
  if (fraction !== undefined && !/^\d+$/.test(fraction)) return undefined;
  const plain = /^\d+$/.test(whole);
  // A grouped number never starts with 0 ("0,500" is half a kilo, not five hundred).
  const grouped = r.group !== "" && new RegExp(`^[1-9]\\d{0,2}(\\${r.group}\\d{3})+$`).test(whole);
  if (!plain && !grouped) return undefined;
  // A file that groups thousands groups them everywhere: "1500" beside "1,234.50" rules that reading out.
  if (strictGrouping && plain && whole.length > 3) return undefined;
  const digits = r.group === "" ? whole : whole.split(r.group).join("");
  return Number(fraction === undefined ? digits : `${digits}.${fraction}`);
}

export function sniffNumbers(values: readonly string[]): NumberShape | undefined {
  const sample = present(values);
  const matches = sample.map((v) => NUMBER.exec(v));
  if (sample.length === 0 || matches.some((m) => !m)) return undefined;
  const bodies = matches.map((m) => m![2].replace(SPACES, " "));
  const fits = (r: Reading, strict: boolean) => bodies.every((b) => readAs(b, r, strict) !== undefined);
  // A reading whose grouping character appears nowhere is the same as reading without grouping.
  const used = (r: Reading) => r.group === "" || bodies.some((b) => b.includes(r.group));
  const candidates = READINGS.filter(used);
  let survivors = candidates.filter((r) => fits(r, r.group !== ""));
  if (survivors.length === 0) survivors = candidates.filter((r) => fits(r, false));
  if (survivors.length === 0) return undefined;
  // The reading whose decimal separator actually occurs, else the first ("." for integers).
  const best =
    survivors.find((r) => bodies.some((b) => b.includes(r.decimal))) ??
    survivors.find((r) => r.decimal === ".") ??
    survivors[0];
  const differs = survivors.some((r) => bodies.some((b) => readAs(b, r, false) !== readAs(b, best, false)));
  return {
    decimal: best.decimal,
    thousands: best.group === " " ? commonestSpace(matches.map((m) => m![2])) : best.group,
    integer: bodies.every((b) => !b.includes(best.decimal)),
    negative: matches.some((m) => m![1] === "-" || m![1] === "\u2212"),
    ...(differs ? { guessed: true as const } : {}),
  };
}

function commonestSpace(raw: string[]): " " | "\u00a0" | "\u202f" {
  const counts = new Map<string, number>();
  for (const ch of raw.join("").match(SPACES) ?? []) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const [top] = [...counts].sort((a, b) => b[1] - a[1]);
  return (top?.[0] ?? " ") as " " | "\u00a0" | "\u202f";
}

// ---------------------------------------------------------------------------------------------
// Dates and times

export interface DateTimeShape {
  kind: "date" | "time" | "datetime";
  /** A DuckDB strptime format, e.g. `%d.%m.%Y %H:%M`. */
  format: string;
  /** Set for D/M/Y-or-M/D/Y shapes: whether the day comes first. */
  dayFirst?: boolean;
  /** dayFirst is not proven by any value (no part above 12): ask the user. */
  guessed?: true;
  /** DuckDB `strptime(value, format)` reads the values as written (false: pad them first, see padTo). */
  strptime: boolean;
  /** Compact times written without the leading zero ("931"): `lpad(value, 4, '0')` before parsing. */
  padTo?: 4;
  /**
   * The warehouse reads the values right without a `dateFormat` (parse-expressions.ts: timestamps
   * and dates by timestampExpr, times of day by timeOfDayExpr). False for month-first dates, which
   * that reader would take day first.
   */
  builtIn: boolean;
  /** Present values that do not have this shape (at most a fifth of them, else no shape is returned). */
  mismatched: number;
}

interface TimeParts {
  hour: number;
  minute: number;
  second?: number;
  fraction: boolean;
  ampm?: "space" | "tight";
  zone?: "Z" | "offset";
}

/** One value taken apart. `layout` is everything the format depends on except the day/month order. */
interface Parsed {
  layout: string;
  kind: DateTimeShape["kind"];
  /** Between date and time. */
  joiner?: " " | "T";
  /** First and second numbers and the year of a D/M/Y-or-M/D/Y date. */
  pair?: [number, number, number];
  date?: YearMonthDay;
  time?: TimeParts;
  compactTime?: string;
}

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?(?:( ?)([AaPp][Mm]))?`;
const ZONE = String.raw`(Z|[+-]\d{2}(?::?\d{2})?)?`;

/** The shapes a value may have: a regular expression and how to take its match apart. */
const SHAPES: { re: RegExp; parse: (m: RegExpExecArray) => Parsed | undefined }[] = [
  {
    // 2024-03-05, 2024-03-05 09:31:00, 2024-03-05T09:31:00.123+03:00
    re: new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})(?:([ T])${TIME}${ZONE})?$`),
    parse: (m) => withTime(`iso`, { year: +m[1], month: +m[2], day: +m[3] }, m, 4),
  },
  {
    // 2024/03/05, 2024.03.05
    re: new RegExp(String.raw`^(\d{4})([/.])(\d{1,2})\2(\d{1,2})(?:( )${TIME})?$`),
    parse: (m) => withTime(`ymd${m[2]}`, { year: +m[1], month: +m[3], day: +m[4] }, m, 5),
  },
  {
    // 05.03.2024, 5/3/2024 9:31, 12/1/2010 8:26 AM, 05.03.24: day or month first, decided later
    re: new RegExp(String.raw`^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?:( )${TIME})?$`),
    parse: (m) => {
      const parsed = withTime(`pair${m[2]}${m[4].length}`, { year: +m[4], month: 1, day: 1 }, m, 5);
      if (!parsed || +m[1] < 1 || +m[3] < 1 || +m[1] > 31 || +m[3] > 31) return undefined;
      // %y: 00–68 are 20xx, 69–99 19xx, as DuckDB reads them
      const year = m[4].length === 4 ? +m[4] : +m[4] + (+m[4] < 69 ? 2000 : 1900);
      return { ...parsed, date: undefined, pair: [+m[1], +m[3], year] };
    },
  },
  {
    // 20240305
    re: /^(\d{4})(\d{2})(\d{2})$/,
    parse: (m) => {
      const date = { year: +m[1], month: +m[2], day: +m[3] };
      return date.year >= 1900 && date.year <= 2100 && validDate(date) ? { layout: "compact", kind: "date", date } : undefined;
    },
  },
  {
    // 09:31, 9:31, 09:31:07, 8:26 PM
    re: new RegExp(String.raw`^${TIME}$`),
    parse: (m) => {
      const time = timeParts(m, 1);
      return time && { layout: `time${timeLayout(time)}`, kind: "time", time };
    },
  },
  {
    // compact 0931, 1631, 931 (Dunnhumby's TRANS_TIME); accepted only column-wide, see compactTimes
    re: /^\d{1,4}$/,
    parse: (m) => {
      const hhmm = m[0].padStart(4, "0");
      const [hour, minute] = [+hhmm.slice(0, 2), +hhmm.slice(2)];
      return hour <= 23 && minute <= 59 ? { layout: "hhmm", kind: "time", compactTime: m[0] } : undefined;
    },
  },
];

type YearMonthDay = { year: number; month: number; day: number };

const validDate = (d: YearMonthDay) => d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= daysIn(d.year, d.month);

/** A date with its optional time, the time groups starting at match index `at` (the separator). */
function withTime(layout: string, date: YearMonthDay, m: RegExpExecArray, at: number): Parsed | undefined {
  if (!validDate(date)) return undefined;
  if (m[at] === undefined) return { layout, kind: "date", date };
  const time = timeParts(m, at + 1);
  if (!time) return undefined;
  const joiner = m[at] === "T" ? "T" : " ";
  return { layout: `${layout}${joiner}${timeLayout(time)}`, kind: "datetime", joiner, date, time };
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Time groups from index `at`: hour, minute, second, fraction, space before AM/PM, AM/PM, zone. */
function timeParts(m: RegExpExecArray, at: number): TimeParts | undefined {
  const [hour, minute, second] = [+m[at], +m[at + 1], m[at + 2] === undefined ? undefined : +m[at + 2]];
  const ampm = m[at + 5] ? (m[at + 4] ? "space" : "tight") : undefined;
  if ((ampm ? hour < 1 || hour > 12 : hour > 23) || minute > 59 || (second ?? 0) > 59) return undefined;
  const zoneText = m[at + 6];
  const zone = zoneText === undefined ? undefined : zoneText === "Z" ? "Z" : "offset";
  return { hour, minute, second, fraction: m[at + 3] !== undefined, ampm, zone };
}

function timeLayout(t: TimeParts): string {
  return `${t.second === undefined ? "hm" : "hms"}${t.fraction ? "f" : ""}${t.ampm ? `-${t.ampm}` : ""}${t.zone ? `-${t.zone}` : ""}`;
}

function timeFormat(t: TimeParts): string {
  const clock = t.ampm ? "%I:%M" : "%H:%M";
  const seconds = t.second === undefined ? "" : t.fraction ? ":%S.%f" : ":%S";
  const ampm = t.ampm === "space" ? " %p" : t.ampm === "tight" ? "%p" : "";
  const zone = t.zone === "Z" ? "Z" : t.zone === "offset" ? "%z" : "";
  return clock + seconds + ampm + zone;
}

function parseValue(value: string): Parsed | undefined {
  for (const shape of SHAPES) {
    const m = shape.re.exec(value);
    if (m) {
      const parsed = shape.parse(m);
      if (parsed) return parsed;
    }
  }
  return undefined;
}

/** At most this share of present values may have another shape than the column's. */
const MAX_MISMATCHED = 0.2;

export function sniffDateTime(values: readonly string[]): DateTimeShape | undefined {
  const sample = present(values);
  if (sample.length === 0) return undefined;
  const parsed = sample.map(parseValue);
  const groups = new Map<string, Parsed[]>();
  for (const p of parsed) if (p) groups.set(p.layout, [...(groups.get(p.layout) ?? []), p]);
  const [layout, members] = [...groups].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
  if (!layout || !members) return undefined;
  const mismatched = sample.length - members.length;
  if (mismatched > sample.length * MAX_MISMATCHED) return undefined;
  if (layout === "hhmm") return compactTimes(members, mismatched);
  const first = members[0];
  const time = first.time ? timeFormat(first.time) : "";
  const withClock = (date: string) => (first.kind === "date" ? date : `${date}${first.joiner}${time}`);
  const plainClock = !first.time || (!first.time.ampm && !first.time.zone);
  if (first.kind === "time") return { kind: "time", format: time, strptime: true, builtIn: plainClock, mismatched };
  if (layout.startsWith("iso")) return { kind: first.kind, format: withClock("%Y-%m-%d"), strptime: true, builtIn: true, mismatched };
  if (layout.startsWith("compact")) return { kind: "date", format: "%Y%m%d", strptime: true, builtIn: true, mismatched };
  if (layout.startsWith("ymd")) {
    const sep = layout[3];
    return { kind: first.kind, format: withClock(`%Y${sep}%m${sep}%d`), strptime: true, builtIn: sep === "/" && plainClock, mismatched };
  }
  return dayMonthYear(layout, members, withClock, plainClock, mismatched);
}

/** D/M/Y or M/D/Y: the order from a part above 12, else a guess (see dayFirstGuess). */
function dayMonthYear(
  layout: string,
  members: Parsed[],
  withClock: (date: string) => string,
  plainClock: boolean,
  misfits: number,
): DateTimeShape | undefined {
  const sep = layout[4];
  const year = layout[5] === "2" ? "%y" : "%Y";
  const all = members.map((p) => p.pair!);
  const firstOver = all.some(([a]) => a > 12);
  const secondOver = all.some(([, b]) => b > 12);
  if (firstOver && secondOver) return undefined; // both parts exceed 12 somewhere: not one date shape
  const proven = firstOver || secondOver || sep === "."; // nobody writes M.D.Y
  const dayFirst = firstOver || (!secondOver && (sep === "." || dayFirstGuess(all)));
  // Only now can a day be checked against its month: 31.02.2026 is no date.
  const pairs = all.filter(([a, b, y]) => (dayFirst ? a <= daysIn(y, b) : b <= daysIn(y, a)));
  const mismatched = misfits + all.length - pairs.length;
  if (pairs.length === 0 || mismatched > (misfits + all.length) * MAX_MISMATCHED) return undefined;
  const date = dayFirst ? `%d${sep}%m${sep}${year}` : `%m${sep}%d${sep}${year}`;
  return {
    kind: members[0].kind,
    format: withClock(date),
    dayFirst,
    ...(proven ? {} : { guessed: true as const }),
    strptime: true,
    builtIn: dayFirst && sep !== "-" && year === "%Y" && plainClock,
    mismatched,
  };
}

/**
 * Day first unless the sample says otherwise: in an export sorted by time the day changes from row
 * to row while the month stays, so when only the second part varies ("12/1/2010", "12/2/2010", … the
 * first rows of the UK Online Retail dataset) that part is taken as the day.
 */
function dayFirstGuess(pairs: [number, number, number][]): boolean {
  const distinct = (i: 0 | 1) => new Set(pairs.map((p) => p[i])).size;
  return !(distinct(0) === 1 && distinct(1) > 1);
}

/**
 * Compact HHMM times. Small integers look like them too (quantities, day numbers), so most values
 * must have three or four digits; any minute part above 59 has already ruled the column out.
 */
function compactTimes(members: Parsed[], mismatched: number): DateTimeShape | undefined {
  const texts = members.map((p) => p.compactTime!);
  const long = texts.filter((t) => t.length >= 3).length;
  if (long < members.length * 0.8) return undefined;
  const padded = texts.every((t) => t.length === 4);
  const short = texts.some((t) => t.length <= 2); // timeOfDayExpr reads 3 and 4 digits only
  return { kind: "time", format: "%H%M", strptime: padded, ...(padded ? {} : { padTo: 4 as const }), builtIn: !short, mismatched };
}

// ---------------------------------------------------------------------------------------------
// Booleans, small value sets, identifiers

export interface BooleanShape {
  /** The spellings of true and false as they occur (trimmed), in order of first appearance. */
  trueValues: string[];
  falseValues: string[];
  /** Every spelling is one the warehouse reads as a boolean without a value map. */
  builtIn: boolean;
}

// The warehouse's own words (parse-expressions.ts), then ones it needs a value map for.
const BUILT_IN_TRUE = ["1", "true", "t", "yes", "y", "да", "д", "+"];
const BUILT_IN_FALSE = ["0", "false", "f", "no", "n", "нет", "н", "-"];
const MORE_TRUE = ["истина", "вкл", "включено", "on", "есть", "согласен", "согласие", "подписан", "x", "v", "✓", "1.0"];
const MORE_FALSE = ["ложь", "выкл", "выключено", "off", "не согласен", "отказ", "не подписан", "отписан", "0.0"];
const TRUE_WORDS = new Set([...BUILT_IN_TRUE, ...MORE_TRUE]);
const FALSE_WORDS = new Set([...BUILT_IN_FALSE, ...MORE_FALSE]);
const BUILT_IN = new Set([...BUILT_IN_TRUE, ...BUILT_IN_FALSE]);

const lowered = (v: string) => v.toLowerCase().replace(/ё/g, "е");

export function sniffBooleans(values: readonly string[]): BooleanShape | undefined {
  // "-" is a boolean false here, not a missing value
  const sample = values.map((v) => v.trim()).filter((v) => v !== "");
  if (sample.length === 0 || !sample.every((v) => TRUE_WORDS.has(lowered(v)) || FALSE_WORDS.has(lowered(v)))) return undefined;
  const distinct = [...new Set(sample)];
  return {
    trueValues: distinct.filter((v) => TRUE_WORDS.has(lowered(v))),
    falseValues: distinct.filter((v) => FALSE_WORDS.has(lowered(v))),
    builtIn: distinct.every((v) => BUILT_IN.has(lowered(v))),
  };
}

export interface ValueCount {
  value: string;
  count: number;
}

/** The distinct trimmed values with their counts, commonest first; undefined when there are more than maxDistinct. */
export function sniffValueSet(values: readonly string[], maxDistinct = 12): ValueCount[] | undefined {
  const counts = new Map<string, number>();
  for (const v of values.map((x) => x.trim()).filter((x) => x !== "")) {
    counts.set(v, (counts.get(v) ?? 0) + 1);
    if (counts.size > maxDistinct) return undefined;
  }
  // Map keeps first appearance order, and sort is stable: ties stay in that order.
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count);
}

/**
 * Identifiers written as long digit strings (card numbers, EAN barcodes, zero-padded receipt
 * numbers) that must stay text: reading them as numbers drops leading zeros or rounds them.
 * True when every value is digits only and either some value keeps a leading zero or all have 8+.
 */
export function looksLikeCardNumbers(values: readonly string[]): boolean {
  const sample = present(values);
  if (sample.length === 0 || !sample.every((v) => /^\d{4,24}$/.test(v))) return false;
  return sample.some((v) => v.startsWith("0")) || sample.every((v) => v.length >= 8);
}

// ---------------------------------------------------------------------------------------------
// Operation types

/** Names of operations, normalised (lower case, ё → е, punctuation → space). Checked before the stems. */
const OPERATIONS: Record<string, "sale" | "return" | null> = {
  "продажа": "sale",
  "продажи": "sale",
  "чек продажи": "sale",
  "приход": "sale", // 54-ФЗ "признак расчёта": приход = a sale
  "реализация": "sale",
  "покупка": "sale",
  "sale": "sale",
  "sales": "sale",
  "sell": "sale",
  "purchase": "sale",
  "возврат": "return",
  "возврат продажи": "return",
  "возврат прихода": "return",
  "чек возврата": "return",
  "return": "return",
  "refund": "return",
  "отмена": "return", // a cancelled sale (the UK dataset's "C…" invoices) takes goods or money back
  "cancel": "return",
  // Meaning the opposite of their words, or no sale at all: the user decides.
  "отмена возврата": null,
  "сторно возврата": null,
  "возврат расхода": null,
  "расход": null,
};

/** Word stems, returns first: "Возврат продажи" contains both. */
const RETURN_STEMS = ["возврат", "return", "refund", "отмен", "аннулир", "сторно", "storno", "cancel", "void"];
const SALE_STEMS = ["продаж", "приход", "реализац", "sale", "sold", "sell", "purchase"];

export function operationMeaning(value: string): "sale" | "return" | undefined {
  const name = lowered(value).replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  if (Object.hasOwn(OPERATIONS, name)) return OPERATIONS[name] ?? undefined;
  const words = name.split(" ");
  const has = (stems: string[]) => words.some((w) => stems.some((s) => w.startsWith(s)));
  if (has(RETURN_STEMS)) return "return";
  if (has(SALE_STEMS)) return "sale";
  return undefined;
}
