/**
 * Reads one feed file into the temp table `parsed`: one row per record, typed columns, the record's
 * number (`_line`: its line when no quoted field before it holds a line break), and the first
 * problem that keeps it out of staging (or NULL). Malformed CSV records (wrong number of fields) are
 * caught by DuckDB's reject tables and put in the temp table `rejected`, which every parse replaces
 * (empty for JSON Lines and Parquet), so it always belongs to the last file.
 *
 * A file whose structure is wrong (a header that does not split into columns, the same column
 * twice, a Parquet file that is cut short, text that is not valid in its encoding) fails here with
 * an InputFileError naming the file and the problem, and nothing of it is loaded.
 */
import { FEEDS, sqlType, type ColumnSpec, type FeedName, type FeedSpec } from "../src/db/schema.js";
import { InputFileError } from "../src/errors.js";
import { quoteIdent, sqlString, type Warehouse } from "../src/db/warehouse.js";
import { LINE_NUMBER, type MappingProfile } from "./mapping-profile.js";
import { columnChecks, columnWarning, parseExpr, problem, type ColumnRule, type ParseOptions } from "./parse-expressions.js";
import { compileExpression, type Expression } from "./profile-expressions.js";
import { lineAtByte } from "./record-lines.js";
import { DELIMITERS, detectDelimiter, looksLikeHeader, normaliseName, splitCsvLine, type SniffedFile } from "./sniff-file.js";

export interface ParsedFile {
  /** Records read from the file, malformed ones included. */
  rowsRead: number;
  /** Malformed records, already written to `rejected` (record, field, reason, value, raw, byte). */
  rowsRejected: number;
  /**
   * Whether a record's line must be found by scanning the file: in CSV a quoted field may hold a line
   * break (JSON Lines are numbered by their lines already; Parquet rows have no lines).
   */
  linesToScan: boolean;
  /** Whether the first record is a header (records are then numbered from 2). */
  hasHeader: boolean;
  /** The feed's columns the file gives (by name, position, derivation or constant). */
  sourced: Set<string>;
}

interface SourceColumn {
  /** SQL expression of the landed or derived value. */
  expr: string;
  type: string;
  /** SQL text of what the export wrote, for the quarantine (derived values: their operands). */
  raw?: string;
  /** Problems of a derived value's operands, checked before anything else. */
  invalid?: { reason: string; when: string; value: string }[];
}

interface Landing {
  /** FROM clause yielding `_line` and the landed columns. */
  from: string;
  /** Landed column name → DuckDB type, in file order. */
  columns: Map<string, string>;
  /** SQL text of the whole record, for the quarantine. */
  raw: string;
  /** Extra filter (JSON Lines skip blank lines but keep their numbers). */
  where: string;
  /** Source of a canonical column from a landed column name. */
  source: (landedName: string) => SourceColumn;
  hasHeader: boolean;
  /** Canonical columns are found by name (a header, JSON keys, Parquet columns), not by position. */
  byName: boolean;
  /** A whole-record problem (JSON that does not parse), as a SQL expression, or undefined. */
  recordProblem?: string;
  /**
   * Records read straight from the file: `_line` is filled after the parse, from the row's place in
   * `parsed` plus this offset (see numberInOrder).
   */
  numberAfter?: number;
}

const REJECTS = "csv_reject_errors";
const REJECT_SCANS = "csv_reject_scans";

export async function parseFile(
  wh: Warehouse,
  path: string,
  displayName: string,
  sniffed: SniffedFile,
  feed: FeedName,
  profile: MappingProfile,
  options: ParseOptions,
): Promise<ParsedFile> {
  const spec = FEEDS[feed];
  const landing = await land(wh, path, displayName, sniffed, spec, profile);
  const sources = resolveSources(displayName, spec, profile, landing, options);
  await readingFile(displayName, sniffed, () => wh.exec(parsedTableSql(spec, profile, landing, sources, options)));
  if (landing.numberAfter !== undefined) await wh.exec(`UPDATE parsed SET _line = rowid + ${landing.numberAfter}`);
  await wh.exec("DROP TABLE IF EXISTS landed"); // its text is in `parsed` now: free the memory
  const rejected = sniffed.format === "csv" ? await collectRejects(wh, path, displayName, sniffed.gzip) : await noRejects(wh);
  const { n } = await wh.one<{ n: number }>("SELECT count(*)::BIGINT AS n FROM parsed");
  const sourced = new Set([...sources].filter(([, source]) => source).map(([name]) => name));
  return { rowsRead: n + rejected, rowsRejected: rejected, linesToScan: sniffed.format === "csv", hasHeader: landing.hasHeader, sourced };
}

/**
 * Runs a statement that reads the file; what DuckDB says about a file it cannot read (a Parquet file
 * cut short, a gzip stream that breaks off, a line longer than DuckDB reads) becomes an
 * InputFileError naming the file, instead of a raw error with exit code 1.
 */
async function readingFile<T>(displayName: string, sniffed: SniffedFile, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const message = (err as Error).message.split("\n")[0].replace(/^[A-Za-z ]+Error: /, "");
    const what = sniffed.format === "parquet" ? "is not a readable Parquet file (cut short or corrupt)" : sniffed.gzip ? "cannot be read to the end (a broken gzip stream?)" : "cannot be read";
    if (/line size|invalid state/i.test(message)) {
      throw new InputFileError(displayName, `has a line longer than the reader accepts, or line endings that change inside a record (${message}); is it a text export with a line break where each record ends?`);
    }
    throw new InputFileError(displayName, `${what}: ${message}`);
  }
}

async function land(
  wh: Warehouse,
  path: string,
  displayName: string,
  sniffed: SniffedFile,
  spec: FeedSpec,
  profile: MappingProfile,
): Promise<Landing> {
  const file = sqlString(path);
  if (sniffed.format === "parquet") {
    const described = await readingFile(displayName, sniffed, () =>
      wh.all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet(${file})`),
    );
    const columns = new Map(described.map((d) => [d.column_name, d.column_type]));
    return {
      from: `(SELECT file_row_number + 1 AS _line, * EXCLUDE (file_row_number) FROM read_parquet(${file}, file_row_number = true))`,
      columns,
      raw: `CAST(to_json(struct_pack(${[...columns.keys()].map((c) => `${quoteIdent(c)} := ${quoteIdent(c)}`).join(", ")})) AS VARCHAR)`,
      where: "true",
      source: (name) => ({ expr: quoteIdent(name), type: columns.get(name)! }),
      hasHeader: true,
      byName: true,
    };
  }
  if (sniffed.format === "jsonl") {
    const keys = jsonKeys(sniffed.head, spec, profile);
    const paths = keys.map((k) => sqlString(`$."${k.replaceAll('"', '\\"')}"`)).join(", ");
    const columns = new Map(keys.map((k) => [k, "VARCHAR"]));
    // blank lines are left out of the parse but keep their numbers: the lines are landed first
    const lines = await records(wh, displayName, sniffed, profile, `SELECT line AS _record FROM read_csv(${file}, auto_detect=false, header=false,${compression(sniffed)}
      delim=chr(1), quote='', escape='', columns={'line': 'VARCHAR'})`, 1, true);
    return {
      from: `(SELECT _line, _record, CASE WHEN json_valid(_record) THEN json_extract_string(_record, [${paths}]) END AS _fields FROM ${lines.from})`,
      numberAfter: lines.numberAfter,
      columns,
      raw: "_record",
      where: "_record IS NOT NULL AND trim(_record) <> ''",
      source: (name) => ({ expr: `_fields[${keys.indexOf(name) + 1}]`, type: "VARCHAR" }),
      hasHeader: false,
      byName: true,
      recordProblem: `CASE WHEN _fields IS NULL THEN '(record)' || chr(9) || 'invalid_json' END`,
    };
  }
  // Whitespace-aligned files arrive here rewritten tab-separated, with a tab delimiter (see load-file.ts).
  const delimiter = profile.delimiter ?? detectDelimiter(sniffed.head);
  const firstLine = sniffed.head.find((l) => l.trim() !== "") ?? "";
  const first = splitCsvLine(firstLine, delimiter);
  if (first.length === 0 || (first.length === 1 && first[0] === "")) throw new InputFileError(displayName, "is empty: no header and no rows");
  const expectedNames = [...Object.keys(spec.columns), ...exportColumnsNamed(profile)];
  const hasHeader = profile.header ?? looksLikeHeader(first, expectedNames);
  checkSplits(displayName, firstLine, first, delimiter, spec, profile);
  if (hasHeader) checkUniqueHeader(displayName, first);
  const names = hasHeader ? first.map((n, i) => n || `column${i + 1}`) : first.map((_, i) => `column${i + 1}`);
  const columns = new Map(names.map((n) => [n, "VARCHAR"]));
  const columnsArg = names.map((n) => `${sqlString(n)}: 'VARCHAR'`).join(", ");
  await wh.exec(`DROP TABLE IF EXISTS ${REJECTS}; DROP TABLE IF EXISTS ${REJECT_SCANS};`);
  const landed = await records(wh, displayName, sniffed, profile, `SELECT * FROM read_csv(${file}, auto_detect=false,${compression(sniffed)}
      delim=${sqlString(delimiter)}, quote='"', escape='"', header=${hasHeader}, skip=0, columns={${columnsArg}},
      store_rejects=true, rejects_table='${REJECTS}', rejects_scan='${REJECT_SCANS}')`, hasHeader ? 2 : 1);
  return {
    from: landed.from,
    numberAfter: landed.numberAfter,
    columns,
    raw: `concat_ws(${sqlString(delimiter)}, ${names.map((n) => `coalesce(${quoteIdent(n)}, '')`).join(", ")})`,
    where: "true",
    source: (name) => ({ expr: quoteIdent(name), type: "VARCHAR" }),
    hasHeader,
    byName: hasHeader,
  };
}

/**
 * Where the parse reads the file's records from, in file order, and how they get their numbers.
 * A table keeps the order rows were inserted in (DuckDB's preserve_insertion_order), so a record's
 * place in `parsed` is its place among the good records: the parse reads the file directly and
 * `_line` is filled afterwards from the row's place. Numbering with row_number() instead would make
 * every step after the read run on one thread. A profile that uses the line number as a value
 * (`$line`) needs it during the parse: the records are then landed in a table first.
 */
async function records(
  wh: Warehouse, displayName: string, sniffed: SniffedFile, profile: MappingProfile, select: string, first: number, land = false,
): Promise<{ from: string; numberAfter?: number }> {
  if (!land && !Object.values(profile.columns).includes(LINE_NUMBER)) return { from: `(SELECT NULL::BIGINT AS _line, * FROM (${select}))`, numberAfter: first };
  await readingFile(displayName, sniffed, () => wh.exec(`CREATE OR REPLACE TEMP TABLE landed AS ${select}`));
  return { from: `(SELECT rowid + ${first} AS _line, * FROM landed)` };
}

const compression = (sniffed: SniffedFile) => (sniffed.gzip ? " compression='gzip'," : " compression='none',");

/** The export's column names a profile refers to: mapped columns and the operands of derived ones. */
function exportColumnsNamed(profile: MappingProfile): string[] {
  const names: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === "string" && v !== LINE_NUMBER) names.push(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object" && !("text" in v)) Object.entries(v).forEach(([k, x]) => k !== "digits" && visit(x));
  };
  Object.values(profile.columns).forEach(visit);
  return names;
}

/**
 * A first line that does not split is a wrong delimiter, not a one-column file: loading it would
 * put whole lines into the first column (customer ids holding names and phones).
 */
function checkSplits(displayName: string, line: string, fields: string[], delimiter: string, spec: FeedSpec, profile: MappingProfile): void {
  const needed = Object.keys(spec.columns).length - Object.keys(profile.constants).length;
  if (fields.length > 1 || needed <= 1) return;
  const better = DELIMITERS.map((d) => ({ d, n: splitCsvLine(line, d).length })).filter((c) => c.d !== delimiter && c.n > 1).sort((a, b) => b.n - a.n)[0];
  const shown = delimiter === "\t" ? "tab" : `"${delimiter}"`;
  const hint = better ? `; it splits into ${better.n} with "${better.d === "\t" ? "tab" : better.d}" (set \`delimiter: "${better.d === "\t" ? "\\t" : better.d}"\` in the profile)` : "";
  throw new InputFileError(displayName, `line 1 does not split into columns with the delimiter ${shown} ("${line.slice(0, 60)}${line.length > 60 ? "…" : ""}")${hint}`);
}

function checkUniqueHeader(displayName: string, header: string[]): void {
  const seen = new Map<string, number>();
  const repeated: string[] = [];
  header.forEach((name, i) => {
    const key = normaliseName(name);
    if (key === "") return;
    if (seen.has(key)) repeated.push(`"${name}" (columns ${seen.get(key)! + 1} and ${i + 1})`);
    else seen.set(key, i);
  });
  if (repeated.length) {
    throw new InputFileError(displayName, `line 1: the header names the same column twice: ${repeated.join(", ")}; which one holds the data cannot be told`);
  }
}

/** The JSON keys to extract: the profile's source names, else our own column names. */
function jsonKeys(head: string[], spec: FeedSpec, profile: MappingProfile): string[] {
  const keys = new Set<string>(exportColumnsNamed(profile));
  for (const name of Object.keys(spec.columns)) if (profile.columns[name] === undefined) keys.add(name);
  // Keys spelled differently in the file (case, dashes) are matched through the first records.
  for (const line of head) {
    try {
      for (const key of Object.keys(JSON.parse(line))) keys.add(key);
    } catch {
      // a bad line in the sample is quarantined later with its line number
    }
  }
  return [...keys];
}

function resolveSources(
  displayName: string,
  spec: FeedSpec,
  profile: MappingProfile,
  landing: Landing,
  options: ParseOptions,
): Map<string, SourceColumn | undefined> {
  const landed = [...landing.columns.keys()];
  const byNormalName = new Map(landed.map((n) => [normaliseName(n), n]));
  const notInFile = (name: string, what: string) =>
    new InputFileError(displayName, `line 1: column "${name}" ${what} is not in the file (found: ${landed.join(", ")})`);
  const landedText = (name: string) => {
    const found = byNormalName.get(normaliseName(name));
    if (found === undefined) throw notInFile(name, "used by a derived column of the mapping profile");
    const s = landing.source(found);
    return s.type === "VARCHAR" ? s.expr : `CAST(${s.expr} AS VARCHAR)`;
  };
  const canonical = Object.keys(spec.columns);
  const sources = new Map<string, SourceColumn | undefined>();
  canonical.forEach((name, position) => {
    const mapped = profile.columns[name];
    if (mapped === LINE_NUMBER) {
      sources.set(name, { expr: "CAST(_line AS VARCHAR)", type: "VARCHAR" });
      return;
    }
    if (typeof mapped === "object") {
      const c = compileExpression(mapped as Expression, landedText, options);
      sources.set(name, { expr: c.sql, type: c.type, raw: c.raw, invalid: c.invalid });
      return;
    }
    let landedName: string | undefined;
    if (typeof mapped === "number") landedName = landed[mapped - 1];
    else if (typeof mapped === "string") landedName = byNormalName.get(normaliseName(mapped));
    else if (landing.byName) landedName = byNormalName.get(normaliseName(name));
    else landedName = landed[position];
    if (landedName !== undefined) sources.set(name, landing.source(landedName));
    else if (name in profile.constants) sources.set(name, { expr: sqlString(profile.constants[name]), type: "VARCHAR" });
    else if (mapped !== undefined) throw notInFile(String(mapped), `named by the mapping profile for ${name}`);
    else sources.set(name, undefined);
  });
  const optionalKeys = new Set(spec.requireOneOf ?? []);
  const missing = canonical.filter((n) => (spec.columns[n].key || spec.columns[n].required) && !optionalKeys.has(n) && !sources.get(n));
  // a receipt's line number may be missing: it is then the line's position in its receipt's block
  const positional = spec.blocks?.position;
  const reallyMissing = missing.filter((n) => n !== positional);
  if (reallyMissing.length > 0) {
    throw new InputFileError(
      displayName,
      `line 1: required column${reallyMissing.length > 1 ? "s" : ""} ${reallyMissing.join(", ")} not found (found: ${landed.join(", ")}). ` +
        `Rename the columns or write a mapping profile (--profile; \`npx loyalty profile draft <file>\` drafts one).`,
    );
  }
  if (spec.requireOneOf && spec.requireOneOf.every((n) => !sources.get(n))) {
    throw new InputFileError(displayName, `line 1: the file needs one of the columns ${spec.requireOneOf.join(" or ")} (found: ${landed.join(", ")})`);
  }
  return sources;
}

function valueMapExpr(expr: string, map: Record<string, string> | undefined): string {
  if (!map || Object.keys(map).length === 0) return expr;
  const cases = Object.entries(map).map(([from, to]) => `WHEN lower(trim(${expr})) = ${sqlString(from.toLowerCase())} THEN ${sqlString(to)}`);
  return `CASE ${cases.join(" ")} ELSE ${expr} END`;
}

/**
 * The rule a column is checked by: a key that one of several columns may stand in for is not
 * required on its own, nor is a receipt's line number that the file lacks (its position is used).
 */
function ruleOf(spec: FeedSpec, name: string, sourced: boolean): ColumnRule {
  const column: ColumnSpec = spec.columns[name];
  const optional = spec.requireOneOf?.includes(name) || (name === spec.blocks?.position && !sourced);
  return optional ? { ...column, key: false, required: false } : column;
}

function parsedTableSql(
  spec: FeedSpec,
  profile: MappingProfile,
  landing: Landing,
  sources: Map<string, SourceColumn | undefined>,
  options: ParseOptions,
): string {
  const names = Object.keys(spec.columns);
  const rawOf = (name: string) => `"raw$${name}"`;
  const sourceType = (name: string) => (profile.values[name] && sources.get(name)?.type === "VARCHAR" ? "VARCHAR" : (sources.get(name)?.type ?? "VARCHAR"));
  const typedOf = (name: string) => `"typed$${name}"`;
  const inner = names.flatMap((name) => {
    const source = sources.get(name);
    if (!source) return [`NULL::VARCHAR AS ${rawOf(name)}`, `NULL::${sqlType(spec.columns[name].kind)} AS ${typedOf(name)}`];
    const mapped = source.type === "VARCHAR" ? valueMapExpr(source.expr, profile.values[name]) : source.expr;
    const raw = source.raw ?? (source.type === "VARCHAR" ? mapped : `CAST(${mapped} AS VARCHAR)`);
    return [`${raw} AS ${rawOf(name)}`, `${parseExpr(mapped, sourceType(name), ruleOf(spec, name, true), options)} AS ${typedOf(name)}`];
  });
  const hasReturnFlag = "is_return" in spec.columns;
  const negativeMarker = profile.returnWhenNegative;
  const isReturn = hasReturnFlag
    ? `(coalesce(${typedOf("is_return")}, false)${negativeMarker ? ` OR coalesce(${typedOf(negativeMarker)} < 0, false)` : ""})`
    : "false";
  const operandChecks = names.flatMap((name) =>
    (sources.get(name)?.invalid ?? []).map((i) => `CASE WHEN ${i.when} THEN ${problem(name, i.reason, i.value)} END`),
  );
  const oneOf = spec.requireOneOf
    ? [`CASE WHEN ${spec.requireOneOf.map((n) => `${typedOf(n)} IS NULL`).join(" AND ")} THEN ${problem(spec.requireOneOf.join(" or "), "missing_required")} END`]
    : [];
  const checks = names.flatMap((name) => columnChecks(name, ruleOf(spec, name, sources.get(name) !== undefined), typedOf(name), rawOf(name), sourceType(name), isReturn, options));
  const warnings = names.map((name) => columnWarning(name, spec.columns[name], typedOf(name), rawOf(name))).filter(Boolean);
  const recordProblem = landing.recordProblem ? [landing.recordProblem] : [];
  const outputs = names.map((name) => {
    const col = spec.columns[name];
    if (name === "is_return") return `${isReturn} AS is_return`;
    if (col.returnable) return `CASE WHEN ${isReturn} THEN abs(${typedOf(name)}) ELSE ${typedOf(name)} END AS ${quoteIdent(name)}`;
    return `${typedOf(name)} AS ${quoteIdent(name)}`;
  });
  // The raw record text is built only for rows that have a problem.
  return `CREATE OR REPLACE TEMP TABLE parsed AS
SELECT _line, ${outputs.join(", ")}, _problem,
  ${warnings.length ? `concat_ws(chr(10), ${warnings.join(", ")})` : "NULL::VARCHAR"} AS _warnings,
  CASE WHEN _problem IS NOT NULL THEN ${landing.raw} END AS _raw
FROM (
  SELECT *, coalesce(${[...recordProblem, ...operandChecks, ...oneOf, ...checks].join(",\n    ") || "NULL"}) AS _problem
  FROM (SELECT *, ${inner.join(", ")} FROM ${landing.from} WHERE ${landing.where})
)`;
}

/** A file that is not CSV has no malformed records: `rejected` is replaced by an empty table, so an earlier file's cannot linger. */
async function noRejects(wh: Warehouse): Promise<number> {
  await wh.exec("CREATE OR REPLACE TEMP TABLE rejected (byte BIGINT, record BIGINT, field VARCHAR, reason VARCHAR, value VARCHAR, raw VARCHAR)");
  return 0;
}

/**
 * Moves DuckDB's CSV rejects into `rejected`, each with the byte where its record starts (its line
 * and record number are worked out from the file later, see record-lines.ts). Text that is not
 * valid in the file's encoding fails the whole file: a line DuckDB cannot decode was written by
 * something else than the rest, and loading the others would hide it.
 */
async function collectRejects(wh: Warehouse, path: string, displayName: string, gzip: boolean): Promise<number> {
  await wh.exec(`CREATE OR REPLACE TEMP TABLE rejected AS
    SELECT DISTINCT ON (line_byte_position) line_byte_position::BIGINT AS byte, NULL::BIGINT AS record, column_name AS field,
      CASE error_type WHEN 'MISSING COLUMNS' THEN 'missing_fields' WHEN 'TOO MANY COLUMNS' THEN 'too_many_fields'
        WHEN 'UNQUOTED VALUE' THEN 'bad_quoting' WHEN 'INVALID UNICODE' THEN 'invalid_encoding' ELSE lower(replace(error_type, ' ', '_')) END AS reason,
      error_message AS value, regexp_replace(csv_line, '^[\\r\\n]+', '') AS raw
    FROM ${REJECTS} ORDER BY line_byte_position`);
  const bad = await wh.all<{ byte: number }>("SELECT byte FROM rejected WHERE reason = 'invalid_encoding' ORDER BY byte LIMIT 1");
  if (bad.length) {
    const line = await lineAtByte(path, gzip, bad[0].byte);
    throw new InputFileError(displayName, `line ${line} is not valid UTF-8 (written in another encoding than the lines before it?); a file must use one encoding throughout, so nothing of it was loaded`);
  }
  const { n } = await wh.one<{ n: number }>("SELECT count(*)::BIGINT AS n FROM rejected");
  return n;
}
