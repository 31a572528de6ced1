/**
 * How the CLI talks: human-readable text with the chain's number formats on a terminal, one JSON
 * object per event with `--json` (for schedulers and log collectors), nothing but errors with `--quiet`.
 */
export type OutputMode = "human" | "json" | "quiet";

export interface Output {
  mode: OutputMode;
  locale: string;
  /** A line of human text (skipped in JSON and quiet modes). */
  say(text: string): void;
  /** A structured event: printed as JSON in JSON mode, ignored otherwise. */
  event(type: string, data: object): void;
  warn(text: string): void;
  number(n: number, digits?: number): string;
  percent(share: number | null): string;
  /** An amount in the chain's currency, e.g. "1 234,50 ₽". */
  money(amount: number): string;
  duration(ms: number): string;
  /** A size in binary units, e.g. "1,2 GiB". */
  bytes(n: number): string;
  /** The chain's time zone (IANA), which `dateTime` shows times in; also the label of time columns. */
  timeZone: string;
  /** A moment as the chain reads it: its locale's date and time in its time zone, to the minute or second. */
  dateTime(date: Date, precision?: "minute" | "second"): string;
}

export function createOutput(mode: OutputMode, locale: string, currency = "RUB", timeZone = "UTC"): Output {
  const numberFormats = new Map<number, Intl.NumberFormat>();
  const numberFormat = (digits: number) => {
    if (!numberFormats.has(digits)) numberFormats.set(digits, new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }));
    return numberFormats.get(digits)!;
  };
  const moneyFormat = new Intl.NumberFormat(locale, { style: "currency", currency, maximumFractionDigits: 2 });
  const percentFormat = new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const dateTimeFormats = {
    minute: dateTimeFormat(locale, timeZone, false),
    second: dateTimeFormat(locale, timeZone, true),
  };
  return {
    mode,
    locale,
    timeZone,
    say: (text) => {
      if (mode === "human") process.stdout.write(`${text}\n`);
    },
    event: (type, data) => {
      if (mode === "json") process.stdout.write(`${JSON.stringify({ type, time: new Date().toISOString(), ...data })}\n`);
    },
    warn: (text) => {
      if (mode === "json") process.stderr.write(`${JSON.stringify({ type: "warning", message: text })}\n`);
      else process.stderr.write(`warning: ${text}\n`);
    },
    number: (n, digits = 0) => numberFormat(digits).format(n),
    percent: (share) => (share === null || Number.isNaN(share) ? "–" : percentFormat.format(share)),
    money: (amount) => moneyFormat.format(amount),
    duration: (ms) => (ms < 1000 ? `${ms} ms` : `${numberFormat(1).format(ms / 1000)} s`),
    bytes: (n) => {
      const units = ["B", "KiB", "MiB", "GiB", "TiB"];
      const power = Math.min(units.length - 1, Math.max(0, Math.floor(Math.log2(Math.max(n, 1)) / 10)));
      return `${numberFormat(power ? 1 : 0).format(n / 2 ** (10 * power))} ${units[power]}`;
    },
    dateTime: (date, precision = "minute") => dateTimeFormats[precision].format(date),
  };
}

/** Numeric fields (e.g. "01.10.2026, 10:15" in ru-RU), so table columns line up. */
function dateTimeFormat(locale: string, timeZone: string, seconds: boolean): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale, {
    timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: seconds ? "2-digit" : undefined, hourCycle: "h23",
  });
}

/** Lays rows out as aligned columns; numbers (already formatted) are right-aligned. */
export function textTable(header: string[], rows: string[][], rightAligned: number[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (rightAligned.includes(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "─".repeat(w))), ...rows.map(line)].join("\n");
}
