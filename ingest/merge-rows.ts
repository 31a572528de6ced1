/**
 * Writes one parsed file into the warehouse: its quarantine (bad rows, malformed records and
 * conflicting re-sends, each at the line an editor shows), its warnings, and its rows into the
 * feed's staging table. Facts go in as `outcome` (resend-rows.ts, resend-blocks.ts) decided; a
 * line-level export also derives its receipts. Reference data is upserted: a changed row replaces
 * the stored one, and changes of the columns marked `history` (tier, consents, profile fields) are
 * kept in `history_changes`, dated by the row's `updated_at` where the feed has one.
 */
import { FEEDS, keyColumns, storedColumns, type FeedName, type FeedSpec } from "../src/db/schema.js";
import { quoteIdent, sqlString, type Warehouse } from "../src/db/warehouse.js";
import { keysMatch, type Classification } from "./resend-rows.js";

export interface MergeCounts {
  loaded: number;
  updated: number;
  duplicates: number;
  conflicts: number;
  quarantined: number;
}

/** What a record's line is: its number plus the lines quoted line breaks and blank lines added before it (temp table line_deltas). */
const PHYSICAL_LINE = "q.record + coalesce(d.delta, 0)";

/** Reads the temp tables `parsed`, `rejected`, `line_deltas` and (facts not all new) `outcome`. */
export async function mergeParsedRows(wh: Warehouse, feed: FeedName, fileId: number, fileName: string, facts?: Classification): Promise<MergeCounts> {
  const spec = FEEDS[feed];
  const quarantined = await writeQuarantine(wh, feed, fileId, fileName, facts !== undefined && !facts.allNew);
  await writeWarnings(wh, feed, fileId);
  if (!facts) {
    const valid = await count(wh, "parsed WHERE _problem IS NULL");
    const { loaded, updated } = await upsert(wh, feed, spec, fileId);
    return { loaded, updated, duplicates: valid - loaded - updated, conflicts: 0, quarantined };
  }
  if (facts.allNew) {
    await writeFacts(wh, feed, spec, fileId, facts, false);
    return { loaded: await count(wh, "parsed WHERE _problem IS NULL"), updated: 0, duplicates: 0, conflicts: 0, quarantined };
  }
  const outcomes = await wh.all<{ outcome: string; n: number }>("SELECT _outcome AS outcome, count(*)::BIGINT AS n FROM outcome GROUP BY ALL");
  const n = (o: string) => outcomes.find((x) => x.outcome === o)?.n ?? 0;
  await writeFacts(wh, feed, spec, fileId, facts, n("update") > 0);
  return { loaded: n("load"), updated: n("update"), duplicates: n("duplicate"), conflicts: n("conflict"), quarantined };
}

async function count(wh: Warehouse, from: string): Promise<number> {
  return (await wh.one<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${from}`)).n;
}

/** A parsed row as text, for the quarantine of a row that was read fine but contradicts a loaded one. */
function rowText(feed: FeedName, alias: string): string {
  return `concat_ws(';', ${Object.keys(FEEDS[feed].columns).map((c) => `coalesce(CAST(${alias}.${quoteIdent(c)} AS VARCHAR), '')`).join(", ")})`;
}

async function writeQuarantine(wh: Warehouse, feed: FeedName, fileId: number, fileName: string, withConflicts: boolean): Promise<number> {
  const conflicts = withConflicts
    ? `UNION ALL SELECT o._line, o._field, 'conflicting_resend', o._detail, ${rowText(feed, "p")}
       FROM outcome o JOIN parsed p USING (_line) WHERE o._outcome = 'conflict'`
    : "";
  await wh.exec(`INSERT INTO quarantine (file_id, feed, file_name, line, field, reason, value, raw, record)
    SELECT ${fileId}, ${sqlString(feed)}, ${sqlString(fileName)}, ${PHYSICAL_LINE}, q.field, q.reason, q.value, q.raw,
      CASE WHEN coalesce(d.delta, 0) <> 0 THEN q.record END
    FROM (
      SELECT _line AS record, split_part(_problem, chr(9), 1) AS field, split_part(_problem, chr(9), 2) AS reason,
        nullif(split_part(_problem, chr(9), 3), '') AS value, coalesce(_raw, ${rowText(feed, "parsed")}) AS raw
      FROM parsed WHERE _problem IS NOT NULL
      UNION ALL SELECT record, field, reason, value, raw FROM rejected
      ${conflicts}
    ) q ASOF LEFT JOIN line_deltas d ON q.record >= d.record`);
  return count(wh, `quarantine WHERE file_id = ${fileId} AND reason <> 'conflicting_resend'`);
}

async function writeWarnings(wh: Warehouse, feed: FeedName, fileId: number): Promise<void> {
  await wh.exec(`INSERT INTO load_warnings
    SELECT ${fileId}, ${sqlString(feed)}, ${PHYSICAL_LINE}, split_part(w, chr(9), 1), split_part(w, chr(9), 2), nullif(split_part(w, chr(9), 3), '')
    FROM (SELECT _line AS record, unnest(string_split(_warnings, chr(10))) AS w FROM parsed WHERE _problem IS NULL AND _warnings <> '') q
      ASOF LEFT JOIN line_deltas d ON q.record >= d.record`);
}

/**
 * Facts: the final rows go in (every good row when all are new); under `replace` the stored
 * versions of their keys go first, with what changed kept in history_changes. A line-level export's
 * final lines make its receipts.
 */
async function writeFacts(wh: Warehouse, feed: FeedName, spec: FeedSpec, fileId: number, facts: Classification, replacing: boolean): Promise<void> {
  const columns = storedColumns(feed);
  const keys = spec.blocks ? [...spec.blocks.receipt] : keyColumns(spec);
  const position = spec.blocks?.position;
  const list = columns.map(quoteIdent).join(", ");
  const selected = columns.map((c) => (c === position ? `coalesce(_position, ${quoteIdent(c)})` : quoteIdent(c))).join(", ");
  // a file of new rows goes in straight from `parsed`; otherwise the final rows are kept for the steps below
  let final = facts.final;
  if (!facts.allNew) {
    await wh.exec(`CREATE OR REPLACE TEMP TABLE final_rows AS SELECT * FROM ${facts.final}`);
    final = "final_rows";
    if (replacing) await replaceStored(wh, feed, spec, keys, fileId);
  }
  await wh.exec(`INSERT INTO ${spec.table} (${list}, _file_id, _line) SELECT ${selected}, ${fileId}, _line FROM ${final}`);
  // every good row of an all-new file is final: its receipts come from `parsed` without the positions
  if (spec.derivesReceipts) await deriveReceipts(wh, feed, fileId, facts.allNew ? "(SELECT * FROM parsed WHERE _problem IS NULL)" : final);
}

/** Removes what a correction replaces, keeping a record of the change. */
async function replaceStored(wh: Warehouse, feed: FeedName, spec: FeedSpec, keys: string[], fileId: number): Promise<void> {
  const match = (a: string, b: string) => keysMatch(keys, a, b, spec.requireOneOf !== undefined);
  const entityKey = (alias: string) => `concat_ws('|', ${keys.map((k) => `${alias}.${quoteIdent(k)}`).join(", ")})`;
  const replaced = `(SELECT DISTINCT ${keys.map(quoteIdent).join(", ")} FROM final_rows)`;
  if (spec.blocks) {
    // a receipt's lines are replaced together: the history says how many lines and what total, before and after
    const summary = (table: string) => `SELECT ${keys.map((k) => `t.${quoteIdent(k)}`).join(", ")}, count(*) || ' line(s), total ' || sum(t.amount) AS s
      FROM ${table} t SEMI JOIN ${replaced} r ON ${match("t", "r")} GROUP BY ALL`;
    await wh.exec(`INSERT INTO history_changes ${HISTORY_COLUMNS}
      SELECT ${sqlString(feed)}, ${entityKey("old")}, 'lines', old.s, new.s, current_localtimestamp(), ${fileId}, NULL
      FROM (${summary(spec.table)}) old JOIN (${summary("final_rows")}) new ON ${match("old", "new")};
      DELETE FROM ${spec.table} s USING ${replaced} r WHERE ${match("s", "r")};`);
    if (spec.derivesReceipts) await wh.exec(`DELETE FROM ${FEEDS.receipts.table} s USING ${replaced} r WHERE ${match("s", "r")}`);
    return;
  }
  const tracked = storedColumns(feed);
  const changes = tracked.map(
    (c) => `SELECT ${sqlString(feed)}, ${entityKey("new")}, ${sqlString(c)}, CAST(old.${quoteIdent(c)} AS VARCHAR), CAST(new.${quoteIdent(c)} AS VARCHAR),
      current_localtimestamp(), ${fileId}, ${effectiveAt(spec, "new")}
      FROM final_rows new JOIN ${spec.table} old ON ${match("old", "new")} WHERE old.${quoteIdent(c)} IS DISTINCT FROM new.${quoteIdent(c)}`,
  );
  await wh.exec(`INSERT INTO history_changes ${HISTORY_COLUMNS} ${changes.join(" UNION ALL ")};
    DELETE FROM ${spec.table} s USING ${replaced} r WHERE ${match("s", "r")};`);
}

/**
 * The receipts of a line-level export, from its final lines: the receipt's own fields (equal on
 * every line of its block), total, discount and bonuses summed.
 */
async function deriveReceipts(wh: Warehouse, feed: FeedName, fileId: number, lines: string): Promise<void> {
  const receipts = FEEDS.receipts;
  const { receipt: keys, receiptColumns: own = [] } = FEEDS[feed].blocks!;
  const sums: Record<string, string> = { total: "sum(amount)", discount: "sum(discount)", bonus_earned: "sum(bonus_earned)", bonus_spent: "sum(bonus_spent)" };
  const columns = Object.keys(receipts.columns);
  const select = columns.map((c) => {
    if (keys.includes(c)) return quoteIdent(c);
    // equal on every line of the receipt (a line that differs was quarantined as inconsistent_receipt)
    if (own.includes(c)) return `any_value(${quoteIdent(c)}) AS ${quoteIdent(c)}`;
    if (c in sums) return `${sums[c]} AS ${quoteIdent(c)}`;
    throw new Error(`deriving receipts: no rule for receipts.${c}`);
  });
  const list = columns.map(quoteIdent).join(", ");
  await wh.exec(`INSERT INTO ${receipts.table} (${list}, _file_id, _line)
    SELECT ${list}, ${fileId}, _line FROM (
      SELECT ${select.join(", ")}, min(_line) AS _line FROM ${lines} GROUP BY ${keys.map(quoteIdent).join(", ")}
    )`);
}

async function upsert(wh: Warehouse, feed: FeedName, spec: FeedSpec, fileId: number): Promise<{ loaded: number; updated: number }> {
  const cols = Object.keys(spec.columns).map(quoteIdent).join(", ");
  const keys = keyColumns(spec).map(quoteIdent).join(", ");
  const differs = Object.keys(spec.columns)
    .map((c) => `incoming.${quoteIdent(c)} IS DISTINCT FROM stored.${quoteIdent(c)}`)
    .join(" OR ");
  // The last occurrence in the file is the latest correction.
  await wh.exec(`CREATE OR REPLACE TEMP TABLE incoming AS
      SELECT * FROM parsed WHERE _problem IS NULL
      QUALIFY row_number() OVER (PARTITION BY ${keys} ORDER BY _line DESC) = 1;
    CREATE OR REPLACE TEMP TABLE changed AS
      SELECT incoming.* FROM incoming JOIN ${spec.table} AS stored USING (${keys}) WHERE ${differs};
    CREATE OR REPLACE TEMP TABLE fresh AS
      SELECT incoming.* FROM incoming ANTI JOIN ${spec.table} AS stored USING (${keys});`);
  await recordHistory(wh, feed, spec, fileId);
  const keyMatch = keyColumns(spec).map((k) => `${spec.table}.${quoteIdent(k)} = changed.${quoteIdent(k)}`).join(" AND ");
  await wh.exec(`DELETE FROM ${spec.table} USING changed WHERE ${keyMatch};
    INSERT INTO ${spec.table} (${cols}, _file_id, _line) SELECT ${cols}, ${fileId}, _line FROM changed;
    INSERT INTO ${spec.table} (${cols}, _file_id, _line) SELECT ${cols}, ${fileId}, _line FROM fresh;`);
  return { loaded: await count(wh, "fresh"), updated: await count(wh, "changed") };
}

async function recordHistory(wh: Warehouse, feed: FeedName, spec: FeedSpec, fileId: number): Promise<void> {
  const tracked = Object.entries(spec.columns).filter(([, c]) => c.history).map(([name]) => name);
  if (tracked.length === 0) return;
  const keys = keyColumns(spec);
  const entityKey = `concat_ws('|', ${keys.map((k) => `changed.${quoteIdent(k)}`).join(", ")})`;
  const selects = tracked.map(
    (c) => `SELECT ${sqlString(feed)}, ${entityKey}, ${sqlString(c)}, CAST(stored.${quoteIdent(c)} AS VARCHAR),
      CAST(changed.${quoteIdent(c)} AS VARCHAR), current_localtimestamp(), ${fileId}, ${effectiveAt(spec, "changed")}
      FROM changed JOIN ${spec.table} AS stored USING (${keys.map(quoteIdent).join(", ")})
      WHERE changed.${quoteIdent(c)} IS DISTINCT FROM stored.${quoteIdent(c)}`,
  );
  await wh.exec(`INSERT INTO history_changes ${HISTORY_COLUMNS} ${selects.join(" UNION ALL ")}`);
  if ("updated_at" in spec.columns) await warnUndatedChanges(wh, feed, fileId, tracked.map((c) => `changed.${quoteIdent(c)} IS DISTINCT FROM stored.${quoteIdent(c)}`));
}

/**
 * A corrected row without `updated_at` changed a tracked column: the change is dated by the load, the
 * night the file came, which may not be the day it happened. Counted as an `undated_change` warning
 * (one per row), so status and the data-quality page show how many triggers and tier moves rest on it.
 */
async function warnUndatedChanges(wh: Warehouse, feed: FeedName, fileId: number, differs: string[]): Promise<void> {
  const keys = keyColumns(FEEDS[feed]).map(quoteIdent).join(", ");
  await wh.exec(`INSERT INTO load_warnings
    SELECT ${fileId}, ${sqlString(feed)}, ${PHYSICAL_LINE}, 'updated_at', 'undated_change', NULL
    FROM (SELECT changed._line AS record FROM changed JOIN ${FEEDS[feed].table} AS stored USING (${keys})
      WHERE changed.updated_at IS NULL AND (${differs.join(" OR ")})) q
    ASOF LEFT JOIN line_deltas d ON q.record >= d.record`);
}

const HISTORY_COLUMNS = "(feed, entity_key, field, old_value, new_value, changed_at, file_id, effective_at)";

/** When the source system made the change: the corrected row's own `updated_at`, where the feed has one. */
function effectiveAt(spec: FeedSpec, alias: string): string {
  return "updated_at" in spec.columns ? `${alias}.updated_at` : "NULL";
}
