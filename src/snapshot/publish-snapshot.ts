/**
 * Publishes the read-only Parquet snapshot that the site, downloads and other engines read: every
 * table is written into a new folder, which then becomes `current` by an atomic symlink switch.
 * Readers never see a half-written snapshot, and never hold a lock on the live warehouse.
 */
import { mkdir, readdir, rename, rm, symlink, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { sqlString, type Warehouse } from "../db/warehouse.js";

/** Large tables are Hive-partitioned by month of this column, so readers can skip months. */
const PARTITIONED_BY_MONTH: Record<string, string> = { stg_receipts: "receipt_at" };

/** Columns that never leave the warehouse: raw quarantined text may hold phones and e-mails. */
const WITHHELD_COLUMNS: Record<string, string[]> = { quarantine: ["raw", "value"], load_warnings: ["value"] };

export interface SnapshotTable {
  table: string;
  rows: number;
  /** Path relative to the snapshot folder: a file, or a folder of month partitions. */
  path: string;
  partitioned: boolean;
}

export interface PublishedSnapshot {
  id: string;
  dir: string;
  tables: SnapshotTable[];
}

export async function publishSnapshot(wh: Warehouse, snapshotDir: string, keep: number, onTable?: (table: string, index: number, total: number) => void): Promise<PublishedSnapshot> {
  const root = resolve(snapshotDir);
  await mkdir(root, { recursive: true });
  const id = new Date().toISOString().replace(/[-:]/g, "").replace(".", "-");
  const building = join(root, `.building-${id}`);
  await mkdir(building);
  try {
    const tables = [...(await wh.tableNames())].sort();
    const written: SnapshotTable[] = [];
    for (const [index, table] of tables.entries()) {
      onTable?.(table, index, tables.length);
      written.push(await writeTable(wh, building, table));
    }
    await writeFile(join(building, "snapshot.json"), JSON.stringify({ id, createdAt: new Date().toISOString(), tables: written }, null, 2));
    const dir = join(root, id);
    await rename(building, dir);
    await switchCurrent(root, id);
    await pruneOld(root, keep);
    return { id, dir, tables: written };
  } catch (err) {
    await rm(building, { recursive: true, force: true });
    throw err;
  }
}

async function writeTable(wh: Warehouse, dir: string, table: string): Promise<SnapshotTable> {
  const withheld = WITHHELD_COLUMNS[table];
  const select = withheld ? `SELECT * EXCLUDE (${withheld.join(", ")}) FROM ${table}` : `SELECT * FROM ${table}`;
  const { rows } = await wh.one<{ rows: number }>(`SELECT count(*)::BIGINT AS rows FROM ${table}`);
  const monthOf = PARTITIONED_BY_MONTH[table];
  if (monthOf) {
    await wh.exec(`COPY (SELECT *, strftime(${monthOf}, '%Y-%m') AS month FROM (${select})) TO ${sqlString(join(dir, table))}
      (FORMAT parquet, PARTITION_BY (month), COMPRESSION zstd)`);
    return { table, rows, path: table, partitioned: true };
  }
  await wh.exec(`COPY (${select}) TO ${sqlString(join(dir, `${table}.parquet`))} (FORMAT parquet, COMPRESSION zstd)`);
  return { table, rows, path: `${table}.parquet`, partitioned: false };
}

/** rename(2) over an existing symlink is atomic: readers see the old snapshot or the new one. */
async function switchCurrent(root: string, id: string): Promise<void> {
  const next = join(root, `.current-${id}`);
  await symlink(id, next);
  await rename(next, join(root, "current"));
}

async function pruneOld(root: string, keep: number): Promise<void> {
  const snapshots = (await readdir(root)).filter((n) => /^\d{8}T\d{6}-\d{3}Z$/.test(n)).sort();
  for (const old of snapshots.slice(0, Math.max(0, snapshots.length - keep))) {
    await rm(join(root, old), { recursive: true, force: true });
  }
}
