/**
 * The only door to DuckDB. Everything else in the project talks to a `Warehouse`: plain SQL or
 * Kysely queries (built with query-builder.ts) in, plain JS rows out (safe bigints become numbers,
 * decimals numbers, dates and timestamps Dates).
 */
import { DuckDBAppender, DuckDBConnection, DuckDBInstance, DuckDBTimestampValue, JSDuckDBValueConverter, type DuckDBValue } from "@duckdb/node-api";
import { mkdirSync } from "node:fs";
import { totalmem } from "node:os";
import { dirname, resolve } from "node:path";
import type { Compilable, CompiledQuery, Insertable } from "kysely";
import { WarehouseBusyError } from "../errors.js";
import type { Database } from "./database.js";

export type SqlValue = string | number | boolean | null | bigint | Date;
export type Row = Record<string, unknown>;

/** A row to insert into `table`: typed by its declaration when it is a declared table. */
export type InsertRow<T extends string> = T extends keyof Database ? Insertable<Database[T]> : Record<string, SqlValue | undefined>;

export interface OpenOptions {
  readOnly?: boolean;
  /** DuckDB threads; defaults to DuckDB's own choice (all cores). */
  threads?: number;
  /** DuckDB's memory limit, e.g. "4GB"; default defaultMemoryLimit(). */
  memoryLimit?: string;
}

/**
 * A sixth of the machine's memory (or of the container's limit): DuckDB's own default is 80%, which
 * let a full build at 1M customers take 10 GiB of a 24 GiB machine for no gain in speed (with a
 * limit it sorts and joins in parts, spilling to disk when it must). The process holds about 1.5 GiB
 * more than DuckDB's limit at its peak (memory DuckDB does not count, and what its allocator keeps):
 * with a fifth (4.7 GiB here) the full build at 1M peaked at 6.5 GiB, with a sixth at 5.4 GiB, and
 * took no longer. The rest is left for Node (fits, the report site) and whatever else the machine runs.
 */
export function defaultMemoryLimit(): string {
  const constrained = process.constrainedMemory?.() ?? 0;
  const total = constrained > 0 ? Math.min(constrained, totalmem()) : totalmem();
  return `${Math.max(512, Math.floor(total / 6 / 2 ** 20))}MiB`;
}

export class Warehouse {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(path: string, options: OpenOptions = {}): Promise<Warehouse> {
    const config: Record<string, string> = {};
    if (options.readOnly) config.access_mode = "READ_ONLY";
    if (options.threads) config.threads = String(options.threads);
    config.memory_limit = options.memoryLimit ?? defaultMemoryLimit();
    if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, config);
    } catch (err) {
      const message = (err as Error).message;
      if (/lock/i.test(message)) throw new WarehouseBusyError(path, message);
      throw err;
    }
    const connection = await instance.connect();
    // DuckDB plans an ASOF join with a small estimated left side as a nested loop; its estimates are
    // often far off for our "state as of a date" joins (7 s instead of 0.3 s at 20k members).
    await connection.run("SET asof_loop_join_threshold = 0");
    // The warehouse's own clock columns (built_at, ran_at, synced_at, …) are UTC whatever the
    // server's zone; feed timestamps are naive local times and are not affected.
    await connection.run("SET TimeZone = 'UTC'");
    return new Warehouse(path, instance, connection);
  }

  /** Runs one or more statements; returns nothing. */
  async exec(sql: string, params: SqlValue[] = []): Promise<void> {
    await this.connection.run(sql, duckValues(params));
  }

  /** Runs a query and returns its rows as plain objects. */
  async all<T = Row>(sql: string | CompiledQuery, params: SqlValue[] = []): Promise<T[]> {
    const [text, values] =
      typeof sql === "string" ? [sql, params] : [sql.sql, sql.parameters as SqlValue[]];
    const reader = await this.connection.runAndReadAll(text, duckValues(values));
    return reader.getRowObjectsJS().map((row) => plain(row) as T);
  }

  /** Runs a Kysely query and returns its rows, typed by what the query selects (or returns). */
  async query<O>(query: Compilable<O>): Promise<O[]> {
    return this.all<O>(query.compile());
  }

  /** Runs a Kysely statement (insert, update, delete) and returns how many rows it changed. */
  async execute(statement: Compilable<unknown>): Promise<number> {
    const { sql, parameters } = statement.compile();
    return (await this.connection.runAndReadAll(sql, duckValues(parameters as SqlValue[]))).rowsChanged;
  }

  async one<T = Row>(sql: string | CompiledQuery, params: SqlValue[] = []): Promise<T> {
    const rows = await this.all<T>(sql, params);
    if (rows.length === 0) throw new Error(`query returned no rows: ${typeof sql === "string" ? sql : sql.sql}`);
    return rows[0];
  }

  /**
   * Streams a query's rows chunk by chunk (DuckDB's vectors, ~2,048 rows) as arrays of plain values:
   * for exports too large to hold in memory at once.
   */
  async *stream(sql: string, params: SqlValue[] = []): AsyncGenerator<{ columns: string[]; rows: unknown[][] }> {
    const result = await this.connection.stream(sql, duckValues(params));
    const columns = result.columnNames();
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      yield { columns, rows: chunk.convertRows(JSDuckDBValueConverter).map((row) => row.map(plainValue)) };
    }
  }

  /** The warehouse's own tables and views (schema main, not temporary). */
  async tableNames(): Promise<Set<string>> {
    const rows = await this.all<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary
      UNION ALL SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT temporary AND NOT internal`);
    return new Set(rows.map((r) => r.name));
  }

  /** Whether all of these tables exist (optional inputs, tables made by a first run). */
  async hasTables(...names: string[]): Promise<boolean> {
    const tables = await this.tableNames();
    return names.every((n) => tables.has(n));
  }

  /**
   * Inserts plain rows by column name through DuckDB's appender (600k rows in a fraction of a
   * second; parameterised INSERTs took seconds). Rows may leave columns out (a result that could not
   * be computed): NULL where absent. A column the table does not have is an error.
   */
  async insert<T extends string>(table: T, rows: InsertRow<T>[]): Promise<void> {
    if (rows.length === 0) return;
    // a temp table hides a warehouse table of the same name, as in SQL
    const [where] = await this.all<{ temporary: boolean; oid: number }>(
      `SELECT temporary, table_oid::BIGINT AS oid FROM duckdb_tables() WHERE table_name = $1 ORDER BY temporary DESC LIMIT 1`, [table],
    );
    if (!where) throw new Error(`insert: no table ${table}`);
    const columns = (await this.all<{ name: string }>(`SELECT column_name AS name FROM duckdb_columns() WHERE table_oid = $1 ORDER BY column_index`, [where.oid])).map(
      (c) => c.name,
    );
    const unknown = [...new Set(rows.flatMap((row) => Object.keys(row)))].filter((c) => !columns.includes(c));
    if (unknown.length) throw new Error(`insert: ${table} has no column ${unknown.join(", ")}`);
    const appender = await this.connection.createAppender(table, "main", where.temporary ? "temp" : null);
    try {
      for (const row of rows) {
        for (const column of columns) appendValue(appender, (row as Record<string, SqlValue | undefined>)[column]);
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  /** Runs `work` in one transaction: all of it is committed, or none of it. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.exec("BEGIN TRANSACTION");
    try {
      const result = await work();
      await this.exec("COMMIT");
      // DuckDB 1.5 bug: after a transaction that inserted into a table first nothing and then a full
      // row group (122,880 rows) or more, this connection sees the table empty until a checkpoint
      // (the rows are on disk; another process sees them). A 1M-row load reported "0 receipts".
      if (this.path !== ":memory:") await this.exec("CHECKPOINT");
      return result;
    } catch (err) {
      await this.exec("ROLLBACK");
      throw err;
    }
  }

  /** DuckDB's memory limit as it reports it, e.g. "4.7 GiB". */
  async memoryLimit(): Promise<string> {
    return (await this.one<{ limit: string }>("SELECT current_setting('memory_limit') AS \"limit\"")).limit;
  }

  /**
   * Runs `work` while watching, from a second connection, how much DuckDB writes to its temporary
   * files (it spills what does not fit in its memory limit); returns the most seen at once.
   */
  async watchSpill<T>(work: () => Promise<T>): Promise<{ result: T; spilledBytes: number }> {
    const watcher = await this.instance.connect();
    let spilledBytes = 0;
    let polling: Promise<void> = Promise.resolve();
    const poll = () => {
      polling = watcher
        .runAndReadAll("SELECT coalesce(sum(size), 0)::DOUBLE AS bytes FROM duckdb_temporary_files()")
        .then((r) => {
          spilledBytes = Math.max(spilledBytes, Number(r.getRowObjects()[0].bytes));
        })
        .catch(() => undefined); // a missed sample only makes the figure a lower bound
    };
    const timer = setInterval(() => void polling.then(poll), 250);
    try {
      const result = await work();
      clearInterval(timer);
      await polling;
      poll();
      await polling;
      return { result, spilledBytes };
    } finally {
      clearInterval(timer);
      await polling.catch(() => undefined);
      watcher.closeSync();
    }
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** Opens a warehouse, runs `work`, always closes: a writer holds the file for one job only. */
export async function withWarehouse<T>(
  path: string,
  work: (wh: Warehouse) => Promise<T>,
  options: OpenOptions = {},
): Promise<T> {
  const wh = await Warehouse.open(path, options);
  try {
    return await work(wh);
  } finally {
    await wh.close();
  }
}

function plain(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = plainValue(v);
  return out;
}

function plainValue(v: unknown): unknown {
  if (typeof v === "bigint") {
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
  }
  if (Array.isArray(v)) return v.map(plainValue);
  return v;
}

/** Quotes a string as a SQL literal (for file paths and identifiers we build ourselves, never user SQL). */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A code column's name from a declared list, as a SQL expression; a code the list lacks stays as it is. */
export function sqlNameOf(column: string, names: Record<string, string>): string {
  const cases = Object.entries(names).map(([code, name]) => `WHEN ${sqlString(code)} THEN ${sqlString(name)}`);
  return cases.length ? `CASE ${column} ${cases.join(" ")} ELSE ${column} END` : column;
}

/** Quotes a name as a SQL identifier (columns of files and tables we did not name ourselves). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function appendValue(appender: DuckDBAppender, value: SqlValue | undefined): void {
  if (value === null || value === undefined) appender.appendNull();
  else if (typeof value === "number") appender.appendDouble(value);
  else if (typeof value === "string") appender.appendVarchar(value);
  else if (typeof value === "boolean") appender.appendBoolean(value);
  else if (value instanceof Date) appender.appendTimestamp(timestampOf(value));
  else appender.appendBigInt(value);
}

/** Parameters as DuckDB binds them (none: undefined); a Date is bound as a TIMESTAMP. */
function duckValues(params: readonly SqlValue[]): DuckDBValue[] | undefined {
  return params.length ? params.map((v) => (v instanceof Date ? timestampOf(v) : v)) : undefined;
}

function timestampOf(date: Date): DuckDBTimestampValue {
  return new DuckDBTimestampValue(BigInt(date.getTime()) * 1000n);
}
