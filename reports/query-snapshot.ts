/**
 * The one way report queries read data: the published Parquet snapshot (never the live warehouse
 * file), through an in-memory DuckDB that only reads. Every report function goes through here.
 */
import { loadConfig, type Config } from "../src/config/config.js";
import { Warehouse } from "../src/db/warehouse.js";
import { openSnapshot } from "../src/snapshot/read-snapshot.js";

export interface SnapshotQuery {
  /** The resolved snapshot folder (fixed even if `current` switches meanwhile). */
  dir: string;
  has(table: string): boolean;
  scan(table: string): string;
  all<T = Record<string, unknown>>(sql: string): Promise<T[]>;
}

let cachedSiteConfig: Config | undefined;

/**
 * The config the site's data loaders see, loaded once per process: the file in `LOYALTY_CONFIG` (else
 * the default one in the working folder, if any), with what `loyalty site build` passes on taking
 * precedence: `LOYALTY_SNAPSHOT_DIR`, `LOYALTY_LOCALE`, `LOYALTY_CURRENCY`, `LOYALTY_TIME_ZONE`.
 */
export function siteConfig(): Config {
  if (!cachedSiteConfig) {
    const config = loadConfig(process.env.LOYALTY_CONFIG || undefined);
    const env = process.env;
    cachedSiteConfig = {
      ...config,
      snapshotDir: env.LOYALTY_SNAPSHOT_DIR || config.snapshotDir,
      locale: env.LOYALTY_LOCALE || config.locale,
      currency: env.LOYALTY_CURRENCY || config.currency,
      timeZone: env.LOYALTY_TIME_ZONE || config.timeZone,
    };
  }
  return cachedSiteConfig;
}

/** The snapshot parent folder the site reads: `LOYALTY_SNAPSHOT_DIR`, else the config's `snapshotDir`. */
export function siteSnapshotDir(): string {
  return siteConfig().snapshotDir;
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

/**
 * The readable name of a scope: a store's name for rows with `scope = 'store'` (when the snapshot has
 * dim_stores), else the scope id. `join` goes after the FROM of the table aliased `alias`; `column`
 * is the select expression.
 */
export function scopeName(q: SnapshotQuery, alias: string): { join: string; column: string } {
  if (!q.has("dim_stores")) return { join: "", column: `${alias}.scope_id AS scope_name` };
  return {
    join: `LEFT JOIN (SELECT store_id, name FROM ${q.scan("dim_stores")}) store_names
      ON ${alias}.scope = 'store' AND store_names.store_id = ${alias}.scope_id`,
    column: `coalesce(store_names.name, ${alias}.scope_id) AS scope_name`,
  };
}
