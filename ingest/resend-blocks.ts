/**
 * Receipt lines that arrive as blocks (receipt-lines without line numbers, line-level exports): the
 * lines of one receipt are consecutive rows, and a line's number is its position in its receipt's
 * block. Identical lines inside one block are separate purchases (the same item scanned twice).
 *
 * A receipt that comes again in a later block (later in the file, or loaded from an earlier file) is
 * a re-send of that receipt. Its lines are matched, as a multiset, with the version already there:
 * a line that repeats a loaded line is a duplicate; a line that does not (or receipt fields that
 * differ: another card, another time) makes the block a conflict, quarantined as
 * `conflicting_resend` by default, or, with `replace`, a correction that replaces the whole receipt.
 * A line-level export's own receipt fields must agree within a block; a line that disagrees with
 * its block's first line is quarantined as `inconsistent_receipt`.
 *
 * Writes the temp table `outcome` (_line, _outcome, _final, _field, _detail, _position), unless every
 * receipt is new and in one block (the common case), which needs none.
 */
import { FEEDS, keyColumns, storedColumns, type FeedName, type FeedSpec } from "../src/db/schema.js";
import { quoteIdent, type Warehouse } from "../src/db/warehouse.js";
import { InputFileError } from "../src/errors.js";
import type { Corrections } from "./mapping-profile.js";
import { problem } from "./parse-expressions.js";
import { ALL_NEW, BY_OUTCOME, differences, keysMatch, type Classification } from "./resend-rows.js";

export async function classifyBlocks(wh: Warehouse, feed: FeedName, fileName: string, corrections: Corrections, positionGiven: boolean): Promise<Classification> {
  const spec = FEEDS[feed];
  const blocks = spec.blocks!;
  const keys = [...blocks.receipt];
  const receiptCols = [...(blocks.receiptColumns ?? [])];
  const spans = await receiptSpans(wh, keys, receiptCols);
  if (receiptCols.length && spans.mixed > 0) {
    await findBlocks(wh, keys, receiptCols, positionGiven);
    await quarantineInconsistentLines(wh, receiptCols);
    Object.assign(spans, await receiptSpans(wh, keys, receiptCols));
  }
  const { known } = await wh.one<{ known: number }>(
    `SELECT count(*)::BIGINT AS known FROM receipt_spans i WHERE EXISTS (SELECT 1 FROM ${versionTable(spec)} s WHERE ${keysMatch(keys, "i", "s")})`,
  );
  if (spans.scattered === 0 && known === 0) return newReceipts(wh, keys, positionGiven, spans.holed > 0);
  await findBlocks(wh, keys, receiptCols, positionGiven);
  const { blocks: blockCount, receipts, repeated } = await wh.one<{ blocks: number; receipts: number; repeated: number }>(
    `SELECT count(DISTINCT _block)::BIGINT AS blocks, count(DISTINCT (${keys.map(quoteIdent).join(", ")}))::BIGINT AS receipts,
       (count(DISTINCT _block) - count(DISTINCT (${keys.map(quoteIdent).join(", ")})))::BIGINT AS repeated FROM blocks WHERE _valid`,
  );
  // A few receipts again at the end are re-sends; most receipts in pieces is a file sorted by something else.
  if (repeated > 100 && repeated > receipts / 10) {
    throw new InputFileError(fileName, `the lines of one receipt are not together: ${receipts} receipts come in ${blockCount} blocks of consecutive rows. ` +
      "A line-level export must keep each receipt's lines together (sort it by store, receipt and line), or nothing can tell a re-sent receipt from the rest of it");
  }
  const lineCols = storedColumns("receipt-lines").filter((c) => !keys.includes(c) && c !== blocks.position);
  await wh.exec(`CREATE OR REPLACE TEMP TABLE block_lines AS
    SELECT b._line, ${keys.map((k) => `b.${quoteIdent(k)}`).join(", ")}, b._block, b._position, b._rsig,
      hash(${lineCols.map((c) => `p.${quoteIdent(c)}`).join(", ")}) AS _sig,
      dense_rank() OVER (PARTITION BY ${keys.map((k) => `b.${quoteIdent(k)}`).join(", ")} ORDER BY b._block) AS _rank
    FROM blocks b JOIN parsed p USING (_line) WHERE b._valid`);
  await matchWithVersions(wh, spec, keys, lineCols, receiptCols, corrections);
  return BY_OUTCOME;
}

interface Spans {
  /** Receipts whose lines are not all consecutive (re-sent later in the file, or a file sorted otherwise). */
  scattered: number;
  /** Receipts with a quarantined row among their lines (their good lines' positions skip it). */
  holed: number;
  /** Receipts whose good lines disagree on the receipt's own fields. */
  mixed: number;
}

/**
 * `receipt_spans`: each receipt of the file with the first and last record its rows take and how
 * many rows (and good rows) it has. One hash aggregation, not a sort: when every receipt's rows are
 * consecutive, each receipt is one block and a line's position is its distance from the first row.
 */
async function receiptSpans(wh: Warehouse, keys: string[], receiptCols: string[]): Promise<Spans> {
  const rsig = receiptCols.length ? `hash(${receiptCols.map(quoteIdent).join(", ")})` : "0::UBIGINT";
  const keyList = keys.map(quoteIdent).join(", ");
  await wh.exec(`CREATE OR REPLACE TEMP TABLE receipt_spans AS
    SELECT ${keyList}, min(_line) AS _first, max(_line) AS _last, count(*) AS _rows, count(*) FILTER (WHERE _problem IS NULL) AS _good,
      min(${rsig}) FILTER (WHERE _problem IS NULL) <> max(${rsig}) FILTER (WHERE _problem IS NULL) AS _mixed
    FROM parsed WHERE ${keys.map((k) => `${quoteIdent(k)} IS NOT NULL`).join(" AND ")} GROUP BY ${keyList}`);
  // rows without a key inside a receipt's span do not break its block, but they do make the span look scattered: the exact rule then decides
  return wh.one<Spans>(`SELECT count(*) FILTER (WHERE _rows <> _last - _first + 1)::BIGINT AS scattered,
      count(*) FILTER (WHERE _good < _rows)::BIGINT AS holed, count(*) FILTER (WHERE _mixed)::BIGINT AS mixed FROM receipt_spans`);
}

/**
 * Every receipt is new and in one block: its good lines go in, numbered by their distance from the
 * receipt's first row (or, for the few receipts with a quarantined row among them, by counting).
 */
async function newReceipts(wh: Warehouse, keys: string[], positionGiven: boolean, holed: boolean): Promise<Classification> {
  if (positionGiven) return ALL_NEW;
  const keyList = keys.map(quoteIdent).join(", ");
  if (holed) {
    await wh.exec(`CREATE OR REPLACE TEMP TABLE position_fix AS
      SELECT _line, row_number() OVER (PARTITION BY ${keyList} ORDER BY _line) AS _position
      FROM parsed p SEMI JOIN (SELECT ${keyList} FROM receipt_spans WHERE _good < _rows) h USING (${keyList}) WHERE p._problem IS NULL`);
  }
  const position = holed ? "coalesce(f._position, p._line - s._first + 1)" : "p._line - s._first + 1";
  return {
    allNew: true,
    final: `(SELECT p.*, ${position} AS _position FROM parsed p JOIN receipt_spans s USING (${keyList})
      ${holed ? "LEFT JOIN position_fix f USING (_line)" : ""} WHERE p._problem IS NULL)`,
  };
}

/** Where a receipt's loaded version is found: its lines, or (line-level exports) the receipt derived from them. */
const versionTable = (spec: FeedSpec) => (spec.derivesReceipts ? FEEDS.receipts.table : spec.table);

/**
 * `blocks`: every row with a receipt key, its block (consecutive rows with the same key share one),
 * whether it is a good row, its position among its block's good rows, and a hash of the receipt's
 * own fields. One pass in file order: a block's first good row is at position 1.
 */
async function findBlocks(wh: Warehouse, keys: string[], receiptCols: string[], positionGiven: boolean): Promise<void> {
  const sameAsBefore = keys.map((k) => `${quoteIdent(k)} = lag(${quoteIdent(k)}) OVER (ORDER BY _line)`).join(" AND ");
  const rsig = receiptCols.length ? `hash(${receiptCols.map(quoteIdent).join(", ")})` : "0::UBIGINT";
  // a good row's position = good rows so far − good rows before its block began
  const position = positionGiven
    ? "NULL::BIGINT"
    : "CASE WHEN _valid THEN _good - max(CASE WHEN _starts = 1 THEN _good - _valid::INT END) OVER (ORDER BY _line ROWS UNBOUNDED PRECEDING) END";
  await wh.exec(`CREATE OR REPLACE TEMP TABLE blocks AS
    SELECT _line, ${keys.map(quoteIdent).join(", ")}, _block, _valid, ${position} AS _position, _rsig
    FROM (
      SELECT *, sum(_starts) OVER w AS _block, sum(_valid::INT) OVER w AS _good
      FROM (SELECT _line, ${keys.map(quoteIdent).join(", ")}, _problem IS NULL AS _valid, ${rsig} AS _rsig,
              CASE WHEN coalesce(${sameAsBefore}, false) THEN 0 ELSE 1 END AS _starts
            FROM parsed WHERE ${keys.map((k) => `${quoteIdent(k)} IS NOT NULL`).join(" AND ")})
      WINDOW w AS (ORDER BY _line ROWS UNBOUNDED PRECEDING))`);
}

/** A line whose receipt fields differ from its block's first good line cannot belong to that receipt: quarantined as inconsistent_receipt. */
async function quarantineInconsistentLines(wh: Warehouse, receiptCols: string[]): Promise<void> {
  const firstOf = (c: string) => `first_value(p.${quoteIdent(c)}) OVER (PARTITION BY b._block ORDER BY p._line)`;
  const shown = (v: string) => `coalesce(CAST(${v} AS VARCHAR), '∅')`;
  const differing = receiptCols.map((c) => `CASE WHEN p.${quoteIdent(c)} IS DISTINCT FROM ${firstOf(c)} THEN
      ${problem(c, "inconsistent_receipt", `${shown(`p.${quoteIdent(c)}`)} || ' where the receipt''s first line has ' || ${shown(firstOf(c))}`)} END`);
  await wh.exec(`CREATE OR REPLACE TEMP TABLE inconsistent AS
    SELECT _line, _problem FROM (
      SELECT p._line, coalesce(${differing.join(", ")}) AS _problem FROM parsed p JOIN blocks b USING (_line) WHERE b._valid
    ) WHERE _problem IS NOT NULL;
    UPDATE parsed SET _problem = i._problem FROM inconsistent i WHERE parsed._line = i._line;`);
}

async function matchWithVersions(wh: Warehouse, spec: FeedSpec, keys: string[], lineCols: string[], receiptCols: string[], corrections: Corrections): Promise<void> {
  const keyList = keys.map(quoteIdent).join(", ");
  const k = (alias: string) => keys.map((c) => `${alias}.${quoteIdent(c)}`).join(", ");
  const linesTable = FEEDS["receipt-lines"].table;
  // The loaded version of each receipt of the file: its lines with their multiset numbering, and (line-level exports) the receipt.
  await wh.exec(`CREATE OR REPLACE TEMP TABLE stored_lines AS
    SELECT ${keyList}, _sig, row_number() OVER (PARTITION BY ${keyList}, _sig ORDER BY _line) AS _sigocc, _file_id, _line, amount
    FROM (SELECT ${k("s")}, hash(${lineCols.map((c) => `s.${quoteIdent(c)}`).join(", ")}) AS _sig, s._file_id, s._line, s.amount
          FROM ${linesTable} s WHERE EXISTS (SELECT 1 FROM block_lines i WHERE ${keysMatch(keys, "i", "s")}));
  CREATE OR REPLACE TEMP TABLE stored_receipts AS
    SELECT ${k("s")}, ${receiptCols.length ? `hash(${receiptCols.map((c) => `s.${quoteIdent(c)}`).join(", ")})` : "0::UBIGINT"} AS _rsig, s._file_id, s._line
    FROM ${versionTable(spec)} s WHERE ${spec.derivesReceipts ? "true" : "false"} AND EXISTS (SELECT 1 FROM block_lines i WHERE ${keysMatch(keys, "i", "s")});
  CREATE OR REPLACE TEMP TABLE file_lines AS
    SELECT *, row_number() OVER (PARTITION BY _block, _sig ORDER BY _line) AS _sigocc FROM block_lines;`);
  // The version each block is compared with: the loaded receipt, else the receipt's first block in this file.
  await wh.exec(`CREATE OR REPLACE TEMP TABLE versions AS
    SELECT ${keyList}, 'stored' AS _kind, _sig, _sigocc, NULL::BIGINT AS _block FROM stored_lines
    UNION ALL
    SELECT ${keyList}, 'file', _sig, _sigocc, _block FROM file_lines f
    WHERE _rank = 1 AND NOT EXISTS (SELECT 1 FROM stored_lines s WHERE ${keysMatch(keys, "f", "s")})
      AND NOT EXISTS (SELECT 1 FROM stored_receipts s WHERE ${keysMatch(keys, "f", "s")});
  CREATE OR REPLACE TEMP TABLE version_receipts AS
    SELECT ${keyList}, _rsig, 'stored' AS _kind, _file_id, _line FROM stored_receipts
    UNION ALL
    SELECT ${keyList}, first(_rsig ORDER BY _line), 'file', NULL, min(_line) FROM file_lines f
    WHERE _rank = 1 AND NOT EXISTS (SELECT 1 FROM stored_receipts s WHERE ${keysMatch(keys, "f", "s")})
    GROUP BY ALL;
  CREATE OR REPLACE TEMP TABLE version_summary AS
    SELECT ${keyList}, count(*) AS _lines, sum(amount) AS _total, min(_file_id) AS _file_id, min(_line) AS _line FROM stored_lines GROUP BY ALL;`);
  // Per line: whether the version has it; per block: whether it changes the receipt.
  // a line matches when the version has the same line (same occurrence among identical ones); a line
  // of the version block itself matches itself, and is loaded anyway
  await wh.exec(`CREATE OR REPLACE TEMP TABLE matched AS
    SELECT f.*, vr._kind AS _version_kind, vr._line AS _version_line, vr._file_id AS _version_file,
      (f._rank = 1 AND vr._kind = 'file') AS _is_version,
      v._sig IS NOT NULL AS _line_matches,
      f._rsig = vr._rsig AS _receipt_matches
    FROM file_lines f LEFT JOIN version_receipts vr ON ${keysMatch(keys, "f", "vr")}
      LEFT JOIN versions v ON ${keysMatch(keys, "v", "f")} AND v._sig = f._sig AND v._sigocc = f._sigocc;
  CREATE OR REPLACE TEMP TABLE block_changes AS
    SELECT _block, bool_or(NOT (_line_matches AND coalesce(_receipt_matches, true))) AND NOT bool_or(_is_version) AS _changes
    FROM matched GROUP BY _block;`);
  const outcome = corrections === "replace"
    ? `CASE WHEN m._is_version THEN 'load' WHEN m._changes THEN 'update' ELSE 'duplicate' END`
    : `CASE WHEN m._is_version THEN 'load' WHEN m._line_matches AND coalesce(m._receipt_matches, true) THEN 'duplicate' ELSE 'conflict' END`;
  // under `replace`, the receipt's last changing block is what stays
  const final = corrections === "replace" ? "CASE WHEN m._last_change IS NOT NULL THEN m._block = m._last_change ELSE m._is_version END" : "m._is_version";
  await wh.exec(`CREATE OR REPLACE TEMP TABLE outcome AS
    WITH m AS (
      SELECT m.*, c._changes, max(CASE WHEN c._changes THEN m._block END) OVER (PARTITION BY ${keys.map((x) => `m.${quoteIdent(x)}`).join(", ")}) AS _last_change
      FROM matched m JOIN block_changes c USING (_block)
    )
    SELECT m._line, ${outcome} AS _outcome, ${final} AS _final, m._position, NULL::VARCHAR AS _field, NULL::VARCHAR AS _detail FROM m`);
  await describeConflicts(wh, spec, keys, receiptCols);
}

/**
 * Names, for each conflicting line, the version of its receipt it contradicts (a file and record, or
 * an earlier record of this file), and what differs: the receipt's own fields, or the line itself.
 */
async function describeConflicts(wh: Warehouse, spec: FeedSpec, keys: string[], receiptCols: string[]): Promise<void> {
  const from = `CASE WHEN m._version_kind = 'file' THEN 'earlier in this file (record ' || m._version_line || ')'
      ELSE 'from ' || coalesce(mf.file_name, 'file ' || m._version_file) || ' (record ' || m._version_line || ')' END`;
  const { fields, changes } = receiptCols.length ? differences(receiptCols, "old", "new") : { fields: "NULL", changes: "NULL" };
  const old = receiptCols.length ? versionRowsSql(spec, keys, receiptCols) : "(SELECT NULL::BIGINT AS _for)";
  await wh.exec(`CREATE OR REPLACE TEMP TABLE conflicts AS SELECT m.* FROM matched m SEMI JOIN outcome o ON o._line = m._line AND o._outcome = 'conflict';
    CREATE OR REPLACE TEMP TABLE described AS
    SELECT m._line,
      CASE WHEN coalesce(m._receipt_matches, true) THEN 'line' ELSE ${fields} END AS _field,
      'receipt already loaded ' || ${from} ||
        CASE WHEN coalesce(m._receipt_matches, true) THEN coalesce(' with ' || vs._lines || ' line(s), total ' || vs._total, '') || '; this line is not among its lines'
          ELSE ' with other values: ' || ${changes} END AS _detail
    FROM conflicts m
      LEFT JOIN load_manifest mf ON mf.file_id = m._version_file
      LEFT JOIN version_summary vs ON ${keysMatch(keys, "vs", "m")}
      LEFT JOIN parsed new ON new._line = m._line
      LEFT JOIN ${old} old ON old._for = m._line;
    UPDATE outcome SET _field = d._field, _detail = d._detail FROM described d WHERE outcome._line = d._line;`);
}

/** The receipt fields of the version a line is compared with, keyed by the line (`_for`). */
function versionRowsSql(spec: FeedSpec, keys: string[], receiptCols: string[]): string {
  const cols = (alias: string) => receiptCols.map((c) => `${alias}.${quoteIdent(c)}`).join(", ");
  // two plain joins, not one join with a condition on the kind: DuckDB can hash-join these
  return `(SELECT m._line AS _for, ${cols("s")} FROM conflicts m JOIN ${versionTable(spec)} s ON ${keysMatch(keys, "s", "m")} WHERE m._version_kind = 'stored'
    UNION ALL
    SELECT m._line AS _for, ${cols("f")} FROM conflicts m JOIN parsed f ON f._line = m._version_line WHERE m._version_kind = 'file')`;
}
