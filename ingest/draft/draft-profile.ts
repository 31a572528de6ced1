/**
 * `loyalty profile draft`: looks at a foreign export and drafts the mapping profile that loads it.
 * It sniffs the encoding, the delimiter, how numbers and dates are written; recognises the header
 * names of till, ERP and e-commerce exports (header-synonyms.ts); and composes what such exports
 * lack: a timestamp from a date and a time column, `amount = quantity × price`, a receipt id from
 * till, date and number (numbers restart per till and day), the return flag from the operation
 * type or from negative quantities. Everything it guessed is said, in the profile's comments and
 * in `guesses`.
 */
import { basename } from "node:path";
import YAML from "yaml";
import { FEEDS, type FeedName } from "../../src/db/schema.js";
import { InputFileError } from "../../src/errors.js";
import { sqlString, Warehouse } from "../../src/db/warehouse.js";
import type { MappingProfile } from "../mapping-profile.js";
import type { Expression } from "../profile-expressions.js";
import { detectDelimiter, sniffFile, splitCsvLine, type Encoding } from "../sniff-file.js";
import { assignHeaders, suggestFeed } from "./header-synonyms.js";
import { operationMeaning, sniffDateTime, sniffNumbers, sniffValueSet } from "./sniff-values.js";

export interface ExportSample {
  format: "csv" | "jsonl" | "parquet";
  encoding: Encoding;
  delimiter?: string;
  headers: string[];
  /** Sample records, as text, aligned with `headers`. */
  rows: string[][];
}

export interface DraftedProfile {
  feed: FeedName;
  profile: Omit<MappingProfile, "values" | "constants" | "columns" | "corrections" | "decimal"> & {
    decimal?: MappingProfile["decimal"];
    columns: Record<string, string | Expression>;
    constants?: Record<string, string>;
    values?: Record<string, Record<string, string | boolean>>;
  };
  /** The profile as a commented YAML file. */
  yaml: string;
  /** Export columns left out of the profile. */
  unmapped: string[];
  /** Required columns of the feed that nothing in the export gives. */
  missing: string[];
  /** What was guessed rather than read off the export, in plain words. */
  guesses: string[];
}

/** The first records of a CSV, JSON Lines or Parquet export. */
export async function sampleExport(path: string): Promise<ExportSample> {
  const sniffed = await sniffFile(path);
  if (sniffed.format === "parquet") {
    const wh = await Warehouse.open(":memory:");
    try {
      const rows = await wh.all<Record<string, unknown>>(`SELECT * FROM read_parquet(${sqlString(path)}) LIMIT 200`);
      const headers = (await wh.all<{ column_name: string }>(`DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`)).map((d) => d.column_name);
      return { format: "parquet", encoding: "utf-8", headers, rows: rows.map((r) => headers.map((h) => (r[h] == null ? "" : String(r[h])))) };
    } finally {
      await wh.close();
    }
  }
  const lines = sniffed.head.filter((l) => l.trim() !== "");
  if (sniffed.format === "jsonl") {
    const records = lines.flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
    const headers = [...new Set(records.flatMap((r) => Object.keys(r)))];
    return { format: "jsonl", encoding: sniffed.encoding, headers, rows: records.map((r) => headers.map((h) => (r[h] == null ? "" : String(r[h])))) };
  }
  const delimiter = detectDelimiter(lines);
  const [header = [], ...rows] = lines.map((l) => splitCsvLine(l, delimiter));
  // a record cut by a quoted line break in the sample has the wrong number of fields: left out
  return { format: "csv", encoding: sniffed.encoding, delimiter, headers: header, rows: rows.filter((r) => r.length === header.length) };
}

export async function draftProfile(path: string, options: { feed?: FeedName } = {}): Promise<DraftedProfile> {
  const sample = await sampleExport(path);
  const values = sample.headers.map((_, i) => sample.rows.map((r) => r[i] ?? ""));
  const feed = options.feed ?? (suggestFeed(sample.headers, values)[0]?.feed as FeedName | undefined);
  if (!feed) {
    throw new InputFileError(basename(path), `no column name is one the product knows (${sample.headers.slice(0, 8).join(", ")}); give the feed with --feed and map the columns by hand`);
  }
  return new Drafter(path, sample, values, feed).draft();
}

/** One draft: what is known of the export's columns, and the profile taking shape. */
class Drafter {
  private readonly header = new Map<string, string>();
  private readonly used = new Set<string>();
  private readonly columns: Record<string, string | Expression> = {};
  private readonly constants: Record<string, string> = {};
  private readonly values: Record<string, Record<string, string | boolean>> = {};
  private readonly notes = new Map<string, string>();
  private readonly guesses: string[] = [];
  private decimal?: MappingProfile["decimal"];
  private dateFormat?: string;
  private returnWhenNegative?: string;

  constructor(
    private readonly path: string,
    private readonly sample: ExportSample,
    private readonly valuesByIndex: string[][],
    private readonly feed: FeedName,
  ) {
    for (const m of assignHeaders(sample.headers, feed, valuesByIndex)) this.header.set(m.column, m.header);
  }

  draft(): DraftedProfile {
    const spec = FEEDS[this.feed];
    for (const column of Object.keys(spec.columns)) {
      const h = this.header.get(column);
      if (h !== undefined) this.map(column, h);
    }
    this.timestamp();
    this.receiptId();
    this.amount();
    this.returns();
    this.discount();
    this.store();
    this.numbers();
    this.dates();
    const missing = Object.entries(spec.columns)
      .filter(([name, c]) => (c.key || c.required) && !(name in this.columns) && !(name in this.constants) && name !== spec.blocks?.position)
      .map(([name]) => name);
    const unmapped = this.sample.headers.filter((h) => !this.used.has(h));
    const profile: DraftedProfile["profile"] = {
      feed: this.feed,
      ...(this.sample.format !== "parquet" ? { encoding: this.sample.encoding } : {}),
      ...(this.sample.delimiter ? { delimiter: this.sample.delimiter } : {}),
      ...(this.decimal ? { decimal: this.decimal } : {}),
      ...(this.dateFormat ? { dateFormat: this.dateFormat } : {}),
      columns: this.columns,
      ...(Object.keys(this.constants).length ? { constants: this.constants } : {}),
      ...(Object.keys(this.values).length ? { values: this.values } : {}),
      ...(this.returnWhenNegative ? { returnWhenNegative: this.returnWhenNegative } : {}),
    };
    return { feed: this.feed, profile, yaml: this.yaml(profile, unmapped, missing), unmapped, missing, guesses: this.guesses };
  }

  private map(column: string, source: string | Expression, note?: string): void {
    this.columns[column] = source;
    for (const h of typeof source === "string" ? [source] : headersIn(source)) this.used.add(h);
    if (note) this.notes.set(column, note);
  }

  private has(column: string): boolean {
    return column in FEEDS[this.feed].columns;
  }

  private valuesOf(header: string): string[] {
    return this.valuesByIndex[this.sample.headers.indexOf(header)] ?? [];
  }

  /** receipt_at from a date column and a time column, or from a date alone. */
  private timestamp(): void {
    if (!this.has("receipt_at") || "receipt_at" in this.columns) return;
    const day = this.header.get("receipt_date");
    const time = this.header.get("receipt_time");
    if (day && time) this.map("receipt_at", { datetime: [day, time] }, "the date and the time of day are separate columns");
    else if (day) {
      this.map("receipt_at", day, "the export has a date and no time: purchases are put at midnight");
      this.guesses.push(`receipt_at: "${day}" has no time of day; every purchase is put at 00:00`);
    }
  }

  /**
   * Till systems number receipts per till and per day (or shift): the number alone is not unique.
   * When a till column is there, the receipt id is composed of till, date and number.
   */
  private receiptId(): void {
    const number = this.header.get("receipt_id");
    const till = this.header.get("till_id");
    const day = this.header.get("receipt_date") ?? this.header.get("receipt_at");
    if (!number || !till || !day || !this.has("till_id")) return;
    const numbers = this.valuesOf(number);
    const tills = this.valuesOf(till);
    const days = this.valuesOf(day).map((d) => d.slice(0, 10));
    const contexts = new Map<string, Set<string>>();
    numbers.forEach((n, i) => contexts.set(n, (contexts.get(n) ?? new Set()).add(`${tills[i]}|${days[i]}`)));
    const repeats = [...contexts.values()].some((c) => c.size > 1);
    const short = numbers.every((n) => /^\d{1,6}$/.test(n));
    if (!repeats && !short) return;
    this.map("receipt_id", { concat: [till, { text: "-" }, day, { text: "-" }, number] },
      repeats ? "receipt numbers repeat across tills or days: the id is till-date-number" : "short receipt numbers restart per till and day in most tills: the id is till-date-number");
    if (!repeats) this.guesses.push(`receipt_id: composed of ${till}, ${day} and ${number} (numbers did not repeat in the sample, but short numbers usually restart per till and day)`);
  }

  private amount(): void {
    if (!this.has("amount") || "amount" in this.columns) return;
    const quantity = this.header.get("quantity");
    const price = this.header.get("price");
    if (quantity && price) this.map("amount", { product: [quantity, price] }, "the export has no line amount: quantity × unit price");
  }

  private returns(): void {
    if (!this.has("is_return")) return;
    const operation = this.header.get("operation") ?? this.header.get("is_return");
    if (operation) {
      const set = sniffValueSet(this.valuesOf(operation)) ?? [];
      const map = Object.fromEntries(set.flatMap(({ value }) => {
        const meaning = operationMeaning(value);
        return meaning ? [[value, meaning === "return"]] : [];
      }));
      if (Object.keys(map).length) {
        this.map("is_return", operation, "the operation type says sale or return");
        this.values.is_return = map;
        const unknown = set.filter(({ value }) => operationMeaning(value) === undefined).map((v) => v.value);
        if (unknown.length) this.guesses.push(`is_return: "${operation}" also holds ${unknown.map((u) => `"${u}"`).join(", ")}, which is neither a sale nor a return: such rows will be quarantined until you add them to values.is_return`);
        return;
      }
    }
    for (const column of ["quantity", "amount", "total"]) {
      const h = this.header.get(column);
      if (h && sniffNumbers(this.valuesOf(h))?.negative) {
        this.returnWhenNegative = column;
        this.guesses.push(`returns: rows with a negative ${h} are returns (their amounts are stored positive)`);
        return;
      }
    }
  }

  /** Some exports write a discount as a negative number (Dunnhumby's RETAIL_DISC). */
  private discount(): void {
    const h = this.header.get("discount");
    if (!h || typeof this.columns.discount !== "string") return;
    const numbers = this.valuesOf(h).map((v) => Number(v.replace(",", "."))).filter((n) => !Number.isNaN(n));
    if (numbers.length && numbers.every((n) => n <= 0) && numbers.some((n) => n < 0)) {
      this.map("discount", { negate: h }, "the export writes discounts as negative numbers");
    }
  }

  /** A single-store export (a web shop) names no store: every row gets one. */
  private store(): void {
    if (!this.has("store_id") || "store_id" in this.columns) return;
    this.constants.store_id = "1";
    this.notes.set("store_id", "no store column: every row gets store 1 (put the store's code here)");
    this.guesses.push("store_id: no store column; every row is put in store 1");
  }

  private numbers(): void {
    const money = ["amount", "price", "quantity", "total", "discount", "bonus_earned", "bonus_spent", "points", "value", "cost"];
    const shapes = money.map((c) => this.header.get(c)).filter((h): h is string => h !== undefined).map((h) => sniffNumbers(this.valuesOf(h)));
    const decided = shapes.find((s) => s && !s.integer && !s.guessed) ?? shapes.find((s) => s && !s.integer);
    if (decided) this.decimal = decided.decimal;
  }

  private dates(): void {
    const dated = Object.entries(this.columns).flatMap(([column, source]) => {
      const kind = FEEDS[this.feed].columns[column]?.kind;
      if (kind !== "timestamp" && kind !== "date") return [];
      return typeof source === "string" ? [source] : "datetime" in source ? [source.datetime[0] as string] : [];
    });
    for (const h of dated) {
      const shape = sniffDateTime(this.valuesOf(h));
      if (!shape || shape.builtIn) continue;
      this.dateFormat = shape.format;
      if (shape.guessed) this.guesses.push(`dates: "${h}" read as ${shape.format} (${shape.dayFirst ? "day" : "month"} first: no value in the sample decides it)`);
      return;
    }
  }

  private yaml(profile: DraftedProfile["profile"], unmapped: string[], missing: string[]): string {
    const line = (key: string, value: unknown, note?: string, indent = "") =>
      `${indent}${yamlKey(key)}: ${YAML.stringify(value, { collectionStyle: "flow", lineWidth: 0 }).trim()}${note ? `    # ${note}` : ""}`;
    const out = [
      `# Drafted by \`npx loyalty profile draft\` from ${basename(this.path)}. Review it, then load the export with`,
      `#   npx loyalty ingest "${basename(this.path)}" --profile <this file>`,
      line("feed", profile.feed, FEEDS[this.feed].description),
    ];
    if (profile.encoding) out.push(line("encoding", profile.encoding, "detected"));
    if (profile.delimiter) out.push(line("delimiter", profile.delimiter, "detected"));
    if (profile.decimal) out.push(line("decimal", profile.decimal, profile.decimal === "," ? "numbers use a decimal comma" : "numbers use a decimal point"));
    if (profile.dateFormat) out.push(line("dateFormat", profile.dateFormat, "how the export writes dates (strptime)"));
    out.push("columns:                 # our column: the export's column, or a value derived from its columns");
    for (const [column, source] of Object.entries(profile.columns)) out.push(line(column, source, this.notes.get(column), "  "));
    if (profile.constants) {
      out.push("constants:               # the same value on every row");
      for (const [column, value] of Object.entries(profile.constants)) out.push(line(column, value, this.notes.get(column), "  "));
    }
    if (profile.values) {
      out.push("values:                  # the export's values → ours");
      for (const [column, map] of Object.entries(profile.values)) out.push(line(column, map, undefined, "  "));
    }
    if (profile.returnWhenNegative) out.push(line("returnWhenNegative", profile.returnWhenNegative, "a negative value marks a return"));
    out.push(
      "# corrections: replace     # uncomment when a re-sent file corrects what was sent before (default: a re-sent row",
      "#                          # that differs is quarantined as a conflicting re-send)",
    );
    if (unmapped.length) out.push(`# Not loaded (no column of the ${this.feed} feed): ${unmapped.join(", ")}`);
    if (missing.length) out.push(`# TODO: nothing in the export gives ${missing.join(", ")}: map a column or set a constant, or the load fails`);
    for (const g of this.guesses) out.push(`# Guessed: ${g}`);
    return `${out.join("\n")}\n`;
  }
}

/** The export columns an expression reads. */
function headersIn(e: unknown): string[] {
  if (typeof e === "string") return [e];
  if (Array.isArray(e)) return e.flatMap(headersIn);
  if (e && typeof e === "object" && !("text" in e)) return Object.entries(e).flatMap(([k, v]) => (k === "digits" ? [] : headersIn(v)));
  return [];
}

const yamlKey = (key: string) => YAML.stringify(key).trim();
