/**
 * Reads one feed file into the temp table `parsed`: one row per record, typed columns, the record's
 * line, and the first problem that keeps it out of staging (or NULL). Malformed CSV records (wrong
 * number of fields) are caught by DuckDB's reject tables and put in the temp table `rejected`, which
 * every parse replaces (empty for JSON Lines and Parquet), so it always belongs to the last file.
 */
import { FEEDS, sqlType, type FeedName, type FeedSpec } from "../src/db/schema.js";
import { InputFileError } from "../src/errors.js";
import { quoteIdent, sqlString, type Warehouse } from "../src/db/warehouse.js";
import type { MappingProfile } from "./mapping-profile.js";
import {
  columnChecks,
  columnWarning,
  parseExpr,
  type ParseOptions,
} from "./parse-expressions.js";
import { detectDelimiter, looksLikeHeader, normaliseName, splitCsvLine, type SniffedFile } from "./sniff-file.js";

export interface ParsedFile {
  /** Records read from the file, malformed ones included. */
  rowsRead: number;
  /** Malformed records, already written to `rejected` (line, field, reason, value, raw). */
  rowsRejected: number;
}

interface SourceColumn {
  /** SQL expression of the landed value. */
  expr: string;
  type: string;
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
  /** A whole-record problem (JSON that does not parse), as a SQL expression, or undefined. */
  recordProblem?: string;
}

const REJECTS = "csv_reject_errors";
/** The mapping-profile source that stands for the record's line number. */
const LINE_NUMBER = "$line";
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
  const sources = resolveSources(displayName, spec, profile, landing);
  await wh.exec(parsedTableSql(spec, profile, landing, sources, options));
  const rejected = sniffed.format === "csv" ? await collectRejects(wh, landing.hasHeader) : await noRejects(wh);
  const { n } = await wh.one<{ n: number }>("SELECT count(*)::BIGINT AS n FROM parsed");
  return { rowsRead: n + rejected, rowsRejected: rejected };
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
    const described = await wh.all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet(${file})`);
    const columns = new Map(described.map((d) => [d.column_name, d.column_type]));
    return {
      from: `(SELECT file_row_number + 1 AS _line, * EXCLUDE (file_row_number) FROM read_parquet(${file}, file_row_number = true))`,
      columns,
      raw: `CAST(to_json(struct_pack(${[...columns.keys()].map((c) => `${quoteIdent(c)} := ${quoteIdent(c)}`).join(", ")})) AS VARCHAR)`,
      where: "true",
      source: (name) => ({ expr: quoteIdent(name), type: columns.get(name)! }),
      hasHeader: true,
    };
  }
  if (sniffed.format === "jsonl") {
    const keys = jsonKeys(sniffed.head, spec, profile);
    const paths = keys.map((k) => sqlString(`$."${k.replaceAll('"', '\\"')}"`)).join(", ");
    const columns = new Map(keys.map((k) => [k, "VARCHAR"]));
    return {
      from: `(SELECT _line, _record, CASE WHEN json_valid(_record) THEN json_extract_string(_record, [${paths}]) END AS _fields
        FROM (SELECT row_number() OVER () AS _line, line AS _record FROM read_csv(${file}, auto_detect=false, header=false,${compression(sniffed)}
          delim=chr(1), quote='', escape='', columns={'line': 'VARCHAR'})))`,
      columns,
      raw: "_record",
      where: "_record IS NOT NULL AND trim(_record) <> ''",
      source: (name) => ({ expr: `_fields[${keys.indexOf(name) + 1}]`, type: "VARCHAR" }),
      hasHeader: true,
      recordProblem: `CASE WHEN _fields IS NULL THEN '(record)' || chr(9) || 'invalid_json' END`,
    };
  }
  // Whitespace-aligned files arrive here rewritten tab-separated, with a tab delimiter (see load-file.ts).
  const delimiter = profile.delimiter ?? detectDelimiter(sniffed.head);
  const first = splitCsvLine(sniffed.head.find((l) => l.trim() !== "") ?? "", delimiter);
  if (first.length === 0 || (first.length === 1 && first[0] === "")) throw new InputFileError(displayName, "is empty: no header and no rows");
  const expectedNames = [...Object.keys(spec.columns), ...Object.values(profile.columns).filter((c): c is string => typeof c === "string")];
  const hasHeader = profile.header ?? looksLikeHeader(first, expectedNames);
  const names = uniqueNames(hasHeader ? first : first.map((_, i) => `column${i + 1}`));
  const columns = new Map(names.map((n) => [n, "VARCHAR"]));
  const columnsArg = names.map((n) => `${sqlString(n)}: 'VARCHAR'`).join(", ");
  await wh.exec(`DROP TABLE IF EXISTS ${REJECTS}; DROP TABLE IF EXISTS ${REJECT_SCANS};`);
  return {
    from: `(SELECT row_number() OVER () + ${hasHeader ? 1 : 0} AS _line, * FROM read_csv(${file}, auto_detect=false,${compression(sniffed)}
      delim=${sqlString(delimiter)}, quote='"', escape='"', header=${hasHeader}, skip=0, columns={${columnsArg}},
      store_rejects=true, rejects_table='${REJECTS}', rejects_scan='${REJECT_SCANS}'))`,
    columns,
    raw: `concat_ws(${sqlString(delimiter)}, ${names.map((n) => `coalesce(${quoteIdent(n)}, '')`).join(", ")})`,
    where: "true",
    source: (name) => ({ expr: quoteIdent(name), type: "VARCHAR" }),
    hasHeader,
  };
}

const compression = (sniffed: SniffedFile) => (sniffed.gzip ? " compression='gzip'," : " compression='none',");

function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((raw, i) => {
    const name = raw === "" ? `column${i + 1}` : raw;
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    return n === 0 ? name : `${name}_${n + 1}`;
  });
}

/** The JSON keys to extract: the profile's source names, else our own column names. */
function jsonKeys(head: string[], spec: FeedSpec, profile: MappingProfile): string[] {
  const keys = new Set<string>();
  for (const name of Object.keys(spec.columns)) {
    const mapped = profile.columns[name];
    if (typeof mapped === "string") keys.add(mapped);
    else if (mapped === undefined) keys.add(name);
  }
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
): Map<string, SourceColumn | undefined> {
  const landed = [...landing.columns.keys()];
  const byNormalName = new Map(landed.map((n) => [normaliseName(n), n]));
  const canonical = Object.keys(spec.columns);
  const sources = new Map<string, SourceColumn | undefined>();
  canonical.forEach((name, position) => {
    const mapped = profile.columns[name];
    let landedName: string | undefined;
    if (mapped === LINE_NUMBER) {
      sources.set(name, { expr: "CAST(_line AS VARCHAR)", type: "VARCHAR" });
      return;
    }
    if (typeof mapped === "number") landedName = landed[mapped - 1];
    else if (typeof mapped === "string") landedName = byNormalName.get(normaliseName(mapped));
    else if (landing.hasHeader) landedName = byNormalName.get(normaliseName(name));
    else landedName = landed[position];
    if (landedName !== undefined) sources.set(name, landing.source(landedName));
    else if (name in profile.constants) sources.set(name, { expr: sqlString(profile.constants[name]), type: "VARCHAR" });
    else if (mapped !== undefined) {
      throw new InputFileError(displayName, `line 1: column "${mapped}" named by the mapping profile for ${name} is not in the file (found: ${landed.join(", ")})`);
    } else sources.set(name, undefined);
  });
  const missing = canonical.filter((n) => (spec.columns[n].key || spec.columns[n].required) && !sources.get(n));
  if (missing.length > 0) {
    throw new InputFileError(
      displayName,
      `line 1: required column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} not found (found: ${landed.join(", ")}). ` +
        `Rename the columns or write a mapping profile (--profile) that maps them.`,
    );
  }
  return sources;
}

function valueMapExpr(expr: string, map: Record<string, string> | undefined): string {
  if (!map || Object.keys(map).length === 0) return expr;
  const cases = Object.entries(map).map(([from, to]) => `WHEN lower(trim(${expr})) = ${sqlString(from.toLowerCase())} THEN ${sqlString(to)}`);
  return `CASE ${cases.join(" ")} ELSE ${expr} END`;
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
  const sourceType = (name: string) => (profile.values[name] ? "VARCHAR" : (sources.get(name)?.type ?? "VARCHAR"));
  const typedOf = (name: string) => `"typed$${name}"`;
  const inner = names.flatMap((name) => {
    const source = sources.get(name);
    if (!source) return [`NULL::VARCHAR AS ${rawOf(name)}`, `NULL::${sqlType(spec.columns[name].kind)} AS ${typedOf(name)}`];
    const mapped = valueMapExpr(source.expr, profile.values[name]);
    return [`${mapped} AS ${rawOf(name)}`, `${parseExpr(mapped, sourceType(name), spec.columns[name], options)} AS ${typedOf(name)}`];
  });
  const hasReturnFlag = "is_return" in spec.columns;
  const negativeMarker = profile.returnWhenNegative;
  const isReturn = hasReturnFlag
    ? `(coalesce(${typedOf("is_return")}, false)${negativeMarker ? ` OR coalesce(${typedOf(negativeMarker)} < 0, false)` : ""})`
    : "false";
  const checks = names.flatMap((name) => columnChecks(name, spec.columns[name], typedOf(name), rawOf(name), sourceType(name), isReturn, options));
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
  SELECT *, coalesce(${[...recordProblem, ...checks].join(",\n    ") || "NULL"}) AS _problem
  FROM (SELECT *, ${inner.join(", ")} FROM ${landing.from} WHERE ${landing.where})
)`;
}

/** A file that is not CSV has no malformed records: `rejected` is replaced by an empty table, so an earlier file's cannot linger. */
async function noRejects(wh: Warehouse): Promise<number> {
  await wh.exec("CREATE OR REPLACE TEMP TABLE rejected (line BIGINT, field VARCHAR, reason VARCHAR, value VARCHAR, raw VARCHAR)");
  return 0;
}

/**
 * Moves DuckDB's CSV rejects into `rejected` and corrects the lines of the good records: a record's
 * line is its position in the file, but row_number() only counts the records that survived.
 */
async function collectRejects(wh: Warehouse, hasHeader: boolean): Promise<number> {
  await wh.exec(`CREATE OR REPLACE TEMP TABLE rejected AS
    SELECT DISTINCT ON (line) line::BIGINT AS line, column_name AS field,
      CASE error_type WHEN 'MISSING COLUMNS' THEN 'missing_fields' WHEN 'TOO MANY COLUMNS' THEN 'too_many_fields'
        WHEN 'UNQUOTED VALUE' THEN 'bad_quoting' WHEN 'INVALID UNICODE' THEN 'invalid_encoding' ELSE lower(replace(error_type, ' ', '_')) END AS reason,
      error_message AS value, csv_line AS raw
    FROM ${REJECTS} ORDER BY line`);
  const { n } = await wh.one<{ n: number }>("SELECT count(*)::BIGINT AS n FROM rejected");
  if (n > 0) {
    // The i-th reject (1-based, by line l_i) shifts every surviving record numbered ≥ l_i − header − (i−1).
    await wh.exec(`CREATE OR REPLACE TEMP TABLE reject_shift AS
      SELECT line - ${hasHeader ? 1 : 0} - (row_number() OVER (ORDER BY line) - 1) AS threshold, row_number() OVER (ORDER BY line) AS shift
      FROM rejected;
    UPDATE parsed SET _line = parsed._line + s.shift
    FROM (SELECT p._line AS old_line, r.shift FROM parsed p ASOF JOIN reject_shift r ON p._line - ${hasHeader ? 1 : 0} >= r.threshold) s
    WHERE parsed._line = s.old_line;`);
  }
  return n;
}
