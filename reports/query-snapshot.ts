/**
 * The one way report queries read data: the published Parquet snapshot (never the live warehouse
 * file), through an in-memory DuckDB that only reads. Every report function goes through here.
 */
import { shippedSegmentLabelsRu } from "../models/marts/rfm-segment-map.js";
import { NO_PURCHASE_YET, NO_PURCHASE_YET_RU } from "../models/marts/mart-segment-revenue-factors.js";
import { sqlNameOf, Warehouse } from "../src/db/warehouse.js";
import { openSnapshot, type OpenSnapshot } from "../src/snapshot/read-snapshot.js";

export interface SnapshotQuery {
  /** The resolved snapshot folder (fixed even if `current` switches meanwhile). */
  dir: string;
  has(table: string): boolean;
  /** A table's columns (a snapshot published by an older version may lack newer ones). */
  columns(table: string): Promise<string[]>;
  scan(table: string): string;
  all<T = Record<string, unknown>>(sql: string): Promise<T[]>;
}

/**
 * Runs `work` over a snapshot: the parent folder's `current` (resolved here, once) or a snapshot
 * already opened, so that several reports read one and the same snapshot.
 */
export async function querySnapshot<T>(snapshot: string | OpenSnapshot, work: (q: SnapshotQuery) => Promise<T>): Promise<T> {
  if (typeof snapshot === "string") snapshot = openSnapshot(snapshot);
  const names = new Set(snapshot.tables.map((t) => t.table));
  const wh = await Warehouse.open(":memory:");
  try {
    return await work({
      dir: snapshot.dir,
      has: (table) => names.has(table),
      columns: async (table) => (await wh.all<{ column_name: string }>(`DESCRIBE SELECT * FROM ${snapshot.scan(table)}`)).map((c) => c.column_name),
      scan: snapshot.scan,
      all: <R>(sql: string) => wh.all<R>(sql),
    });
  } finally {
    await wh.close();
  }
}

/** The value when the schema knows it, else "other": open lists grow values a report cannot label. */
export const knownOrOther = (column: string, known: readonly string[]) =>
  `CASE WHEN ${column} IN (${known.map((k) => `'${k.replaceAll("'", "''")}'`).join(", ")}) THEN ${column} ELSE 'other' END`;

/** `strftime(col, '%Y-%m-%d')`: dates travel as ISO strings, never as time-zone-shifted instants. */
export const isoDate = (column: string) => `strftime(${column}, '%Y-%m-%d')`;

const segmentLabels = () => ({ ...shippedSegmentLabelsRu(), [NO_PURCHASE_YET]: NO_PURCHASE_YET_RU });

/** An RFM segment column's Russian name (a chain's own map's names stay as they are). */
export function segmentLabelSql(column: string): string {
  return sqlNameOf(column, segmentLabels());
}

/**
 * The readable name of a scope: a store's name for rows with `scope = 'store'` (when the snapshot has
 * dim_stores), a segment's Russian name for rows with `scope = 'segment'`, else the scope id. `join`
 * goes after the FROM of the table aliased `alias`; `column` is the select expression.
 */
export function scopeName(q: SnapshotQuery, alias: string): { join: string; column: string } {
  const id = `${alias}.scope_id`;
  const segment = `CASE WHEN ${alias}.scope = 'segment' THEN ${segmentLabelSql(id)} END`;
  if (!q.has("dim_stores")) return { join: "", column: `coalesce(${segment}, ${id}) AS scope_name` };
  return {
    join: `LEFT JOIN (SELECT store_id, name FROM ${q.scan("dim_stores")}) store_names
      ON ${alias}.scope = 'store' AND store_names.store_id = ${id}`,
    column: `coalesce(store_names.name, ${segment}, ${id}) AS scope_name`,
  };
}
