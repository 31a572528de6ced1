/** Where readers find a table of the published snapshot. */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { EXIT, LoyaltyError } from "../errors.js";
import { sqlString } from "../db/warehouse.js";
import type { SnapshotTable } from "./publish-snapshot.js";

export class NoSnapshotError extends LoyaltyError {
  constructor(dir: string) {
    super(`No published snapshot in ${dir}. Run \`npx loyalty publish\` (or \`npm start\`) first.`, EXIT.input);
  }
}

export interface OpenSnapshot {
  /** The snapshot's id (its folder name). */
  id: string;
  /** The resolved folder: fixed for the reader's lifetime even if `current` switches meanwhile. */
  dir: string;
  tables: SnapshotTable[];
  /** A DuckDB table expression reading one table, e.g. for `FROM ${snapshot.scan("stg_receipts")}`. */
  scan: (table: string) => string;
}

export function openSnapshot(snapshotDir: string): OpenSnapshot {
  const current = join(resolve(snapshotDir), "current");
  if (!existsSync(current)) throw new NoSnapshotError(snapshotDir);
  const dir = realpathSync(current);
  const { tables } = JSON.parse(readFileSync(join(dir, "snapshot.json"), "utf8")) as { tables: SnapshotTable[] };
  const byName = new Map(tables.map((t) => [t.table, t]));
  return {
    id: basename(dir),
    dir,
    tables,
    scan: (table) => {
      const t = byName.get(table);
      if (!t) throw new LoyaltyError(`The snapshot ${dir} has no table ${table}.`, EXIT.input);
      return t.partitioned
        ? `read_parquet(${sqlString(join(dir, t.path, "**", "*.parquet"))}, hive_partitioning = true)`
        : `read_parquet(${sqlString(join(dir, t.path))})`;
    },
  };
}
