/**
 * What each good row of a fact file is, against what is loaded already and what came earlier in the
 * same file, for feeds merged row by row (receipts, the bonus ledger, campaign members, receipt
 * lines with line numbers). A row whose key is new is loaded. A row whose key is known is a
 * duplicate when its content is the same; when it differs it is never dropped silently:
 * - `reject` (the default): a conflicting re-send, quarantined with the version it contradicts;
 * - `replace`: a correction; the last version in the file replaces the stored one.
 *
 * Writes the temp table `outcome` (_line, _outcome, _final, _field, _detail, _position), one row per
 * good row, unless every good row is new (the common case), which needs none.
 */
import { keyColumns, storedColumns, type FeedName, FEEDS } from "../src/db/schema.js";
import { quoteIdent, type Warehouse } from "../src/db/warehouse.js";
import type { Corrections } from "./mapping-profile.js";

export type Outcome = "load" | "update" | "duplicate" | "conflict";

/** How a fact file's good rows go into staging. */
export interface Classification {
  /** Every good row is new and goes in as it is: no `outcome` table was made. */
  allNew: boolean;
  /** SQL relation of the rows that go in: the feed's columns, `_line` and `_position` (the line number by block, or NULL). */
  final: string;
}

/** The classification of a file whose good rows are all new: straight from `parsed`. */
export const ALL_NEW: Classification = { allNew: true, final: "(SELECT *, NULL::BIGINT AS _position FROM parsed WHERE _problem IS NULL)" };

/** The classification `outcome` decides: its final rows, with their positions. */
export const BY_OUTCOME: Classification = {
  allNew: false,
  final: "(SELECT p.*, o._position FROM parsed p JOIN outcome o USING (_line) WHERE o._final)",
};

/**
 * `a.k IS NOT DISTINCT FROM b.k AND …` when keys may hold NULLs (a campaign member named by card
 * only), else `a.k = b.k AND …`, which DuckDB joins faster.
 */
export const keysMatch = (keys: string[], a: string, b: string, nullable = false) =>
  keys.map((k) => `${a}.${quoteIdent(k)} ${nullable ? "IS NOT DISTINCT FROM" : "="} ${b}.${quoteIdent(k)}`).join(" AND ");

/** The columns that differ between rows `a` and `b`, and how ("total: 100.00 → 120.00"), as SQL text expressions. */
export function differences(columns: string[], before: string, after: string): { fields: string; changes: string } {
  const differs = (c: string) => `${before}.${quoteIdent(c)} IS DISTINCT FROM ${after}.${quoteIdent(c)}`;
  const shown = (alias: string, c: string) => `coalesce(CAST(${alias}.${quoteIdent(c)} AS VARCHAR), '∅')`;
  return {
    fields: `concat_ws(', ', ${columns.map((c) => `CASE WHEN ${differs(c)} THEN '${c}' END`).join(", ")})`,
    changes: `concat_ws('; ', ${columns.map((c) => `CASE WHEN ${differs(c)} THEN '${c}: ' || ${shown(before, c)} || ' → ' || ${shown(after, c)} END`).join(", ")})`,
  };
}

export async function classifyRows(wh: Warehouse, feed: FeedName, corrections: Corrections): Promise<Classification> {
  const spec = FEEDS[feed];
  const keys = keyColumns(spec);
  const nullable = spec.requireOneOf !== undefined;
  const match = (a: string, b: string) => keysMatch(keys, a, b, nullable);
  const values = storedColumns(feed);
  const keyList = keys.map(quoteIdent).join(", ");
  const sig = `hash(${values.map(quoteIdent).join(", ")})`;
  const { repeated } = await wh.one<{ repeated: number }>(
    `SELECT (count(*) - count(DISTINCT (${keyList})))::BIGINT AS repeated FROM parsed WHERE _problem IS NULL`,
  );
  const { known } = await wh.one<{ known: number }>(
    `SELECT count(*)::BIGINT AS known FROM (SELECT DISTINCT ${keyList} FROM parsed WHERE _problem IS NULL) i
     WHERE EXISTS (SELECT 1 FROM ${spec.table} s WHERE ${match("i", "s")})`,
  );
  // the common case: every key is new and appears once
  if (repeated === 0 && known === 0) return ALL_NEW;
  await wh.exec(`CREATE OR REPLACE TEMP TABLE occurrences AS
    SELECT *, ${sig} AS _sig,
      row_number() OVER (PARTITION BY ${keyList} ORDER BY _line) AS _occ,
      lag(_line) OVER (PARTITION BY ${keyList} ORDER BY _line) AS _prev_line,
      first_value(_line) OVER (PARTITION BY ${keyList} ORDER BY _line) AS _first_line,
      count(*) OVER (PARTITION BY ${keyList}) AS _occurrences
    FROM parsed WHERE _problem IS NULL;
  CREATE OR REPLACE TEMP TABLE stored_versions AS
    SELECT ${keyList}, ${sig} AS _sig, _file_id, _line FROM ${spec.table} s
    WHERE EXISTS (SELECT 1 FROM occurrences i WHERE ${match("i", "s")})`);
  // `reject` keeps the first version (the stored one, else the first in the file) and compares every
  // later row with it; under `replace` each version replaces the one before, so a row meets its predecessor.
  const outcome = corrections === "replace"
    ? `CASE WHEN prev_sig IS NULL THEN 'load' WHEN i._sig = prev_sig THEN 'duplicate' ELSE 'update' END`
    : `CASE WHEN s._sig IS NULL AND i._occ = 1 THEN 'load' WHEN i._sig = coalesce(s._sig, f._sig) THEN 'duplicate' ELSE 'conflict' END`;
  const final = corrections === "replace" ? "i._occ = i._occurrences AND i._sig IS DISTINCT FROM s._sig" : "s._sig IS NULL AND i._occ = 1";
  await wh.exec(`CREATE OR REPLACE TEMP TABLE outcome AS
    SELECT i._line, ${outcome} AS _outcome, ${final} AS _final, s._file_id AS _stored_file, s._line AS _stored_line,
      s._sig IS NULL AS _against_file, i._first_line AS _version_line
    FROM (SELECT i.*, CASE WHEN i._occ = 1 THEN s._sig ELSE p._sig END AS prev_sig
          FROM occurrences i LEFT JOIN stored_versions s ON ${match("i", "s")} LEFT JOIN occurrences p ON p._line = i._prev_line) i
      LEFT JOIN stored_versions s ON ${match("i", "s")}
      LEFT JOIN occurrences f ON f._line = i._first_line`);
  await describeConflicts(wh, spec.table, values, match);
  return BY_OUTCOME;
}

/**
 * Names, for each conflicting row, the version it contradicts (a file and its record, or an earlier
 * record of this file) and the fields that differ, old → new.
 */
async function describeConflicts(wh: Warehouse, table: string, values: string[], match: (a: string, b: string) => string): Promise<void> {
  const { fields, changes } = differences(values, "old", "new");
  await wh.exec(`CREATE OR REPLACE TEMP TABLE outcome AS
    WITH conflicts AS (SELECT * FROM outcome WHERE _outcome = 'conflict'),
    versions AS (
      SELECT c._line AS _for, ${values.map((v) => `p.${quoteIdent(v)}`).join(", ")} FROM conflicts c JOIN parsed p ON c._against_file AND p._line = c._version_line
      UNION ALL
      SELECT c._line AS _for, ${values.map((v) => `s.${quoteIdent(v)}`).join(", ")} FROM conflicts c JOIN parsed n ON n._line = c._line
        JOIN ${table} s ON NOT c._against_file AND ${match("s", "n")}
    ),
    described AS (
      SELECT c._line, ${fields} AS _field,
        'already loaded ' || CASE WHEN c._against_file THEN 'earlier in this file (record ' || c._version_line || ')'
          ELSE 'from ' || coalesce(m.file_name, 'file ' || c._stored_file) || ' (record ' || c._stored_line || ')' END
          || ' with other values: ' || ${changes} AS _detail
      FROM conflicts c JOIN versions old ON old._for = c._line JOIN parsed new ON new._line = c._line
        LEFT JOIN load_manifest m ON m.file_id = c._stored_file
    )
    SELECT o._line, o._outcome, o._final, d._field, d._detail, NULL::BIGINT AS _position FROM outcome o LEFT JOIN described d USING (_line)`);
}
