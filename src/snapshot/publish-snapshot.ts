/**
 * Publishes the read-only Parquet snapshot that the site, downloads and other engines read: the
 * tables of the allow-list (snapshot-contents.ts) without their personal columns are written into a
 * new folder, which then becomes `current` by an atomic symlink switch. Readers never see a
 * half-written snapshot, and never hold a lock on the live warehouse. What killed publishes left
 * behind is removed first (unfinished-publishes.ts).
 */
import { mkdir, readdir, rename, rm, symlink, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { quoteIdent, sqlString, type Warehouse } from "../db/warehouse.js";
import { PUBLISHED_TABLES, withheldColumns } from "./snapshot-contents.js";
import { buildingFolderName, pruneUnfinishedPublishes } from "./unfinished-publishes.js";

export interface SnapshotTable {
  table: string;
  rows: number;
  /** Path relative to the snapshot folder: a file, or a folder of month partitions. */
  path: string;
  partitioned: boolean;
  /** The table's columns left out (personal data); absent in snapshots published before the allow-list. */
  withheld?: string[];
}

export interface PublishedSnapshot {
  id: string;
  dir: string;
  tables: SnapshotTable[];
  /** What killed publishes had left in the snapshot folder, removed before this one. */
  pruned: string[];
}

export async function publishSnapshot(wh: Warehouse, snapshotDir: string, keep: number, onTable?: (table: string, index: number, total: number) => void): Promise<PublishedSnapshot> {
  const root = resolve(snapshotDir);
  await mkdir(root, { recursive: true });
  const pruned = await pruneUnfinishedPublishes(root);
  const id = new Date().toISOString().replace(/[-:]/g, "").replace(".", "-");
  const building = join(root, buildingFolderName(id));
  await mkdir(building);
  try {
    const existing = await wh.tableNames();
    const tables = Object.keys(PUBLISHED_TABLES).filter((t) => existing.has(t)).sort();
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
    return { id, dir, tables: written, pruned };
  } catch (err) {
    await rm(building, { recursive: true, force: true });
    throw err;
  }
}

async function writeTable(wh: Warehouse, dir: string, table: string): Promise<SnapshotTable> {
  const columns = await wh.all<{ name: string }>(
    "SELECT column_name AS name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = $1 ORDER BY column_index",
    [table],
  );
  const withheld = withheldColumns(table, columns.map((c) => c.name));
  const select = withheld.length ? `SELECT * EXCLUDE (${withheld.map(quoteIdent).join(", ")}) FROM ${table}` : `SELECT * FROM ${table}`;
  const { rows } = await wh.one<{ rows: number }>(`SELECT count(*)::BIGINT AS rows FROM ${table}`);
  const monthOf = PUBLISHED_TABLES[table].partitionByMonthOf;
  if (monthOf) {
    await wh.exec(`COPY (SELECT *, strftime(${monthOf}, '%Y-%m') AS month FROM (${select})) TO ${sqlString(join(dir, table))}
      (FORMAT parquet, PARTITION_BY (month), COMPRESSION zstd)`);
    return { table, rows, path: table, partitioned: true, withheld };
  }
  await wh.exec(`COPY (${select}) TO ${sqlString(join(dir, `${table}.parquet`))} (FORMAT parquet, COMPRESSION zstd)`);
  return { table, rows, path: `${table}.parquet`, partitioned: false, withheld };
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
