/**
 * The one way report queries read data: the published Parquet snapshot (never the live warehouse
 * file), through an in-memory DuckDB that only reads. Every report function goes through here.
 */
import { loadConfig } from "../src/config/config.js";
import { Warehouse } from "../src/db/warehouse.js";
import { openSnapshot } from "../src/snapshot/read-snapshot.js";

export interface SnapshotQuery {
  /** The resolved snapshot folder (fixed even if `current` switches meanwhile). */
  dir: string;
  has(table: string): boolean;
  scan(table: string): string;
  all<T = Record<string, unknown>>(sql: string): Promise<T[]>;
}

/** The snapshot parent folder the site reads: `LOYALTY_SNAPSHOT_DIR`, else the config's `snapshotDir`. */
export function siteSnapshotDir(): string {
  return process.env.LOYALTY_SNAPSHOT_DIR || loadConfig(process.env.LOYALTY_CONFIG || undefined).snapshotDir;
}

export async function querySnapshot<T>(snapshotDir: string, work: (q: SnapshotQuery) => Promise<T>): Promise<T> {
  const snapshot = openSnapshot(snapshotDir);
  const names = new Set(snapshot.tables.map((t) => t.table));
  const wh = await Warehouse.open(":memory:", { threads: 1 });
  try {
    return await work({
      dir: snapshot.dir,
      has: (table) => names.has(table),
      scan: snapshot.scan,
      all: <R>(sql: string) => wh.all<R>(sql),
    });
  } finally {
    await wh.close();
  }
}

/** `strftime(col, '%Y-%m-%d')`: dates travel as ISO strings, never as time-zone-shifted instants. */
export const isoDate = (column: string) => `strftime(${column}, '%Y-%m-%d')`;
