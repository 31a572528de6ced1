/**
 * Merges the `parsed` rows of one file into the feed's staging table and writes its quarantine and
 * warnings. Facts are appended with deduplication by key (first occurrence wins, so a re-sent
 * receipt is a duplicate); reference data is upserted (a corrected profile replaces the stored one,
 * and changes of tier and consent columns are kept in `history_changes`).
 */
import { FEEDS, keyColumns, type FeedName, type FeedSpec } from "../src/db/schema.js";
import { quoteIdent, sqlString, type Warehouse } from "../src/db/warehouse.js";

export interface MergeCounts {
  loaded: number;
  updated: number;
  duplicates: number;
  quarantined: number;
}

/** Reads the temp tables `parsed` and `rejected` (the file's malformed records) that parseFile wrote. */
export async function mergeParsedRows(wh: Warehouse, feed: FeedName, fileId: number, fileName: string): Promise<MergeCounts> {
  const spec = FEEDS[feed];
  const quarantined = await writeQuarantine(wh, feed, fileId, fileName);
  await writeWarnings(wh, feed, fileId);
  const valid = await count(wh, "parsed WHERE _problem IS NULL");
  const { loaded, updated } = spec.mode === "append" ? await append(wh, spec, fileId) : await upsert(wh, feed, spec, fileId);
  return { loaded, updated, duplicates: valid - loaded - updated, quarantined };
}

async function count(wh: Warehouse, from: string): Promise<number> {
  return (await wh.one<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${from}`)).n;
}

const columnList = (spec: FeedSpec) => Object.keys(spec.columns).map(quoteIdent).join(", ");
const keyList = (spec: FeedSpec) => keyColumns(spec).map(quoteIdent).join(", ");

async function writeQuarantine(wh: Warehouse, feed: FeedName, fileId: number, fileName: string): Promise<number> {
  const head = `${fileId}, ${sqlString(feed)}, ${sqlString(fileName)}`;
  await wh.exec(`INSERT INTO quarantine
    SELECT ${head}, _line, split_part(_problem, chr(9), 1), split_part(_problem, chr(9), 2),
      nullif(split_part(_problem, chr(9), 3), ''), _raw
    FROM parsed WHERE _problem IS NOT NULL`);
  await wh.exec(`INSERT INTO quarantine SELECT ${head}, line, field, reason, value, raw FROM rejected`);
  return count(wh, `quarantine WHERE file_id = ${fileId}`);
}

async function writeWarnings(wh: Warehouse, feed: FeedName, fileId: number): Promise<void> {
  await wh.exec(`INSERT INTO load_warnings
    SELECT ${fileId}, ${sqlString(feed)}, _line, split_part(w, chr(9), 1), split_part(w, chr(9), 2), nullif(split_part(w, chr(9), 3), '')
    FROM (SELECT _line, unnest(string_split(_warnings, chr(10))) AS w FROM parsed WHERE _problem IS NULL AND _warnings <> '')`);
}

async function append(wh: Warehouse, spec: FeedSpec, fileId: number): Promise<{ loaded: number; updated: number }> {
  const cols = columnList(spec);
  const keys = keyList(spec);
  const before = await count(wh, spec.table);
  // Duplicates inside one file are rare; the window that keeps the first occurrence only runs when
  // there may be any. Counting distinct key hashes is cheap, and a hash collision can only make us
  // run the exact window needlessly, never skip it when it is needed.
  const { repeated } = await wh.one<{ repeated: number }>(
    `SELECT (count(*) - count(DISTINCT hash(${keys})))::BIGINT AS repeated FROM parsed WHERE _problem IS NULL`,
  );
  const firstOccurrences = repeated > 0 ? `QUALIFY row_number() OVER (PARTITION BY ${keys} ORDER BY _line) = 1` : "";
  // Keys already in staging are duplicates too (a re-sent file).
  await wh.exec(`INSERT INTO ${spec.table} (${cols}, _file_id, _line)
    SELECT ${cols}, ${fileId}, _line FROM (SELECT * FROM parsed WHERE _problem IS NULL ${firstOccurrences}) AS incoming
    ANTI JOIN ${spec.table} AS stored USING (${keys})`);
  return { loaded: (await count(wh, spec.table)) - before, updated: 0 };
}

async function upsert(wh: Warehouse, feed: FeedName, spec: FeedSpec, fileId: number): Promise<{ loaded: number; updated: number }> {
  const cols = columnList(spec);
  const keys = keyList(spec);
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
      CAST(changed.${quoteIdent(c)} AS VARCHAR), current_localtimestamp(), ${fileId}
      FROM changed JOIN ${spec.table} AS stored USING (${keys.map(quoteIdent).join(", ")})
      WHERE changed.${quoteIdent(c)} IS DISTINCT FROM stored.${quoteIdent(c)}`,
  );
  await wh.exec(`INSERT INTO history_changes ${selects.join(" UNION ALL ")}`);
}
