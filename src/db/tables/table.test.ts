import type { Kysely, Selectable } from "kysely";
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from "vitest";
import { OWN_TABLES } from "../database.js";
import { db } from "../query-builder.js";
import { stagingTableDecl, stagingTables } from "../schema.js";
import { Warehouse } from "../warehouse.js";
import type { SyncRunsTable } from "./delivery-tables.js";
import type { SegmentRunsTable } from "./segment-tables.js";
import { tableDdl, tablesDdl, type Column, type SqlType, type TableDecl } from "./table.js";

/**
 * The DDL of the bookkeeping tables as the previous version wrote it by hand (schema.ts,
 * sync-store.ts, segment-store.ts, campaign-enrolment.ts, warehouse-job-history.ts, build-plan.ts):
 * a warehouse made by it must keep working, rows and all.
 */
const PREVIOUS_DDL = `CREATE SEQUENCE IF NOT EXISTS load_file_seq START 1;
CREATE TABLE IF NOT EXISTS load_manifest (
  file_id INTEGER PRIMARY KEY, path VARCHAR NOT NULL, file_name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL,
  feed VARCHAR NOT NULL, profile VARCHAR, loaded_at TIMESTAMP NOT NULL,
  rows_read BIGINT NOT NULL, rows_loaded BIGINT NOT NULL, rows_updated BIGINT NOT NULL,
  rows_quarantined BIGINT NOT NULL, rows_duplicate BIGINT NOT NULL,
  min_date TIMESTAMP, max_date TIMESTAMP, bytes BIGINT NOT NULL, duration_ms BIGINT NOT NULL,
  rows_conflict BIGINT NOT NULL DEFAULT 0
);
ALTER TABLE load_manifest ADD COLUMN IF NOT EXISTS rows_conflict BIGINT DEFAULT 0;
CREATE TABLE IF NOT EXISTS quarantine (
  file_id INTEGER NOT NULL, feed VARCHAR NOT NULL, file_name VARCHAR NOT NULL, line BIGINT NOT NULL,
  field VARCHAR, reason VARCHAR NOT NULL, value VARCHAR, raw VARCHAR, record BIGINT
);
ALTER TABLE quarantine ADD COLUMN IF NOT EXISTS record BIGINT;
CREATE TABLE IF NOT EXISTS history_changes (
  feed VARCHAR NOT NULL, entity_key VARCHAR NOT NULL, field VARCHAR NOT NULL,
  old_value VARCHAR, new_value VARCHAR, changed_at TIMESTAMP NOT NULL, file_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS load_warnings (
  file_id INTEGER NOT NULL, feed VARCHAR NOT NULL, line BIGINT NOT NULL, field VARCHAR NOT NULL,
  reason VARCHAR NOT NULL, value VARCHAR
);
CREATE SEQUENCE IF NOT EXISTS sync_run_seq START 1;
CREATE TABLE IF NOT EXISTS destination_state (
  destination VARCHAR NOT NULL, segment VARCHAR NOT NULL, member_key VARCHAR NOT NULL, payload_hash VARCHAR NOT NULL,
  run_id INTEGER NOT NULL, synced_at TIMESTAMP NOT NULL, in_doubt BOOLEAN NOT NULL DEFAULT false, batch_sync_id INTEGER, batch_no INTEGER
);
CREATE TABLE IF NOT EXISTS sync_runs (
  sync_id INTEGER PRIMARY KEY, destination VARCHAR NOT NULL, segment VARCHAR NOT NULL, run_id INTEGER NOT NULL,
  mode VARCHAR NOT NULL, started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP, status VARCHAR NOT NULL,
  planned_upserts BIGINT NOT NULL, planned_removes BIGINT NOT NULL, sent_upserts BIGINT NOT NULL, sent_removes BIGINT NOT NULL,
  failed BIGINT NOT NULL, batches INTEGER NOT NULL, error VARCHAR
);
CREATE TABLE IF NOT EXISTS sync_batches (
  sync_id INTEGER NOT NULL, batch_no INTEGER NOT NULL, action VARCHAR NOT NULL, members INTEGER NOT NULL,
  idempotency_key VARCHAR NOT NULL, attempts INTEGER NOT NULL, status VARCHAR NOT NULL, sent_at TIMESTAMP NOT NULL,
  http_status INTEGER, run_id INTEGER, campaign VARCHAR
);
CREATE TABLE IF NOT EXISTS sync_errors (sync_id INTEGER NOT NULL, batch_no INTEGER NOT NULL, member_key VARCHAR NOT NULL, error VARCHAR NOT NULL);
CREATE SEQUENCE IF NOT EXISTS segment_run_seq START 1;
CREATE TABLE IF NOT EXISTS segment_runs (
  run_id INTEGER PRIMARY KEY, segment VARCHAR NOT NULL, title VARCHAR NOT NULL, campaign_id VARCHAR NOT NULL,
  definition_sha256 VARCHAR NOT NULL, as_of DATE NOT NULL, ran_at TIMESTAMP NOT NULL, control_share DOUBLE NOT NULL,
  members BIGINT NOT NULL, control_members BIGINT NOT NULL, target_members BIGINT NOT NULL,
  reach_push BIGINT NOT NULL, reach_messenger BIGINT NOT NULL, reach_email BIGINT NOT NULL, reach_sms BIGINT NOT NULL,
  unreachable BIGINT NOT NULL, estimated_cost DOUBLE NOT NULL, expected_response_rate DOUBLE,
  previous_run_id INTEGER, entered BIGINT NOT NULL, exited BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS segment_members (
  run_id INTEGER NOT NULL, customer_id VARCHAR NOT NULL, card_number VARCHAR, is_control BOOLEAN NOT NULL,
  channel VARCHAR, offer_code VARCHAR, offer_text VARCHAR, valid_from DATE, valid_to DATE
);
CREATE TABLE IF NOT EXISTS campaign_enrolments (
  campaign_id VARCHAR NOT NULL, customer_id VARCHAR NOT NULL, arm VARCHAR NOT NULL, start_date DATE NOT NULL, end_date DATE NOT NULL,
  segment VARCHAR NOT NULL, title VARCHAR NOT NULL, control_share DOUBLE NOT NULL, run_id INTEGER NOT NULL, enrolled_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS job_runs (
  run_id VARCHAR PRIMARY KEY,
  job VARCHAR NOT NULL,
  trigger VARCHAR NOT NULL,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  status VARCHAR NOT NULL,
  steps_done INTEGER NOT NULL,
  error VARCHAR,
  summary VARCHAR
);
CREATE TABLE IF NOT EXISTS model_runs (
  model VARCHAR NOT NULL, built_at TIMESTAMP NOT NULL, as_of DATE NOT NULL, mode VARCHAR NOT NULL,
  rows BIGINT NOT NULL, last_file_id INTEGER NOT NULL, duration_ms BIGINT NOT NULL
);
ALTER TABLE model_runs ADD COLUMN IF NOT EXISTS run_id BIGINT;
ALTER TABLE model_runs ADD COLUMN IF NOT EXISTS definition VARCHAR;
ALTER TABLE model_runs ADD COLUMN IF NOT EXISTS inputs VARCHAR;`;

/** A value of each SQL type, as SQL and as the warehouse returns it. */
const SAMPLE: Record<SqlType, { sql: string; js: unknown }> = {
  VARCHAR: { sql: "'x'", js: "x" },
  INTEGER: { sql: "7", js: 7 },
  BIGINT: { sql: "9007199254740991", js: Number.MAX_SAFE_INTEGER },
  DOUBLE: { sql: "0.25", js: 0.25 },
  "DECIMAL(18,2)": { sql: "12.5", js: 12.5 },
  BOOLEAN: { sql: "true", js: true },
  DATE: { sql: "DATE '2026-10-01'", js: new Date("2026-10-01T00:00:00Z") },
  TIMESTAMP: { sql: "TIMESTAMP '2026-10-01 12:30:00'", js: new Date("2026-10-01T12:30:00Z") },
};

const ALL_TABLES: TableDecl[] = [...OWN_TABLES, ...stagingTables().map(({ table, columns }) => stagingTableDecl(table, columns))];

interface ColumnRow {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
  fallback: string | null;
}

async function columnsOf(wh: Warehouse): Promise<ColumnRow[]> {
  return wh.all<ColumnRow>(
    `SELECT table_name AS "table", column_name AS "column", data_type AS type, is_nullable AS nullable, column_default AS fallback
     FROM duckdb_columns() WHERE table_oid IN (SELECT table_oid FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary)
     ORDER BY table_name, column_index`,
  );
}

/** The columns as the declarations say they are. */
function declaredColumns(decls: readonly TableDecl[]): ColumnRow[] {
  return decls
    .flatMap((d) => Object.entries(d.columns).map(([column, c]) => ({ table: d.name, column, type: c.sqlType, nullable: c.isNullable, fallback: c.defaultSql ?? null })))
    .sort((a, b) => a.table.localeCompare(b.table)); // stable: columns stay in declared order
}

let wh: Warehouse;
beforeEach(async () => {
  wh = await Warehouse.open(":memory:");
});
afterEach(() => wh.close());

describe("a table's DDL", () => {
  it("makes exactly the declared columns, with their types, nullability and defaults, and the declared keys", async () => {
    await wh.exec(tablesDdl(ALL_TABLES));
    // a default is compared by its value: DuckDB keeps `false` as 'f'
    const valued = (columns: ColumnRow[]) =>
      Promise.all(columns.map(async (c) => ({ ...c, fallback: c.fallback === null ? null : (await wh.one(`SELECT (${c.fallback})::${c.type} AS v`)).v })));
    expect(await valued(await columnsOf(wh))).toEqual(await valued(declaredColumns(ALL_TABLES)));
    const keys = await wh.all<{ table: string; key: string[] }>(
      `SELECT table_name AS "table", constraint_column_names AS key FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY' ORDER BY table_name`,
    );
    expect(keys).toEqual(ALL_TABLES.filter((d) => d.key).map((d) => ({ table: d.name, key: [...d.key!] })).sort((a, b) => a.table.localeCompare(b.table)));
  });

  it("is idempotent: run again it changes nothing and loses no row", async () => {
    await wh.exec(tablesDdl(ALL_TABLES));
    await wh.exec("INSERT INTO sync_errors VALUES (1, 1, 'C1', 'HTTP 503')");
    await wh.exec(tablesDdl(ALL_TABLES));
    expect(await wh.all("SELECT * FROM sync_errors")).toEqual([{ sync_id: 1, batch_no: 1, member_key: "C1", error: "HTTP 503" }]);
    expect(await columnsOf(wh)).toHaveLength(declaredColumns(ALL_TABLES).length);
  });
});

describe("a warehouse made by the previous version's DDL", () => {
  it("is brought up to the declarations with every row and value kept", async () => {
    await wh.exec(PREVIOUS_DDL);
    const previous = await columnsOf(wh);
    for (const table of new Set(previous.map((c) => c.table))) {
      const values = previous.filter((c) => c.table === table).map((c) => SAMPLE[c.type as SqlType].sql);
      await wh.exec(`INSERT INTO ${table} VALUES (${values.join(", ")})`);
    }
    // the previous version's columns, read the same way before and after (columns added since are NULL or their default)
    const previousColumns = (name: string) => previous.filter((c) => c.table === name).map((c) => c.column).join(", ");
    const read = () => Promise.all(OWN_TABLES.map((d) => wh.all(`SELECT ${previousColumns(d.name)} FROM ${d.name}`)));
    const before = await read();
    await wh.exec(tablesDdl(OWN_TABLES));
    expect(await read()).toEqual(before);
    expect((await columnsOf(wh)).map(({ table, column, type }) => ({ table, column, type }))).toEqual(
      declaredColumns(OWN_TABLES).map(({ table, column, type }) => ({ table, column, type })),
    );
  });

  it("gains the columns added since, filled with their defaults (an older load_manifest, delivery state and build log)", async () => {
    await wh.exec(`CREATE TABLE load_manifest (file_id INTEGER PRIMARY KEY, path VARCHAR NOT NULL, file_name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL,
        feed VARCHAR NOT NULL, profile VARCHAR, loaded_at TIMESTAMP NOT NULL, rows_read BIGINT NOT NULL, rows_loaded BIGINT NOT NULL, rows_updated BIGINT NOT NULL,
        rows_quarantined BIGINT NOT NULL, rows_duplicate BIGINT NOT NULL, min_date TIMESTAMP, max_date TIMESTAMP, bytes BIGINT NOT NULL, duration_ms BIGINT NOT NULL);
      INSERT INTO load_manifest VALUES (1, '/in/stores.csv', 'stores.csv', 'abc', 'stores', NULL, '2026-10-01', 2, 2, 0, 0, 0, NULL, NULL, 10, 5);
      CREATE TABLE destination_state (destination VARCHAR NOT NULL, segment VARCHAR NOT NULL, member_key VARCHAR NOT NULL, payload_hash VARCHAR NOT NULL, run_id INTEGER NOT NULL, synced_at TIMESTAMP NOT NULL);
      INSERT INTO destination_state VALUES ('mailer', 'win-back', 'C1', 'h1', 7, '2026-11-01');
      CREATE TABLE model_runs (model VARCHAR NOT NULL, built_at TIMESTAMP NOT NULL, as_of DATE NOT NULL, mode VARCHAR NOT NULL, rows BIGINT NOT NULL, last_file_id INTEGER NOT NULL, duration_ms BIGINT NOT NULL);
      INSERT INTO model_runs VALUES ('dim_stores', '2026-10-01', '2026-09-30', 'full', 2, 1, 30);`);
    await wh.exec(tablesDdl(OWN_TABLES));
    expect(await wh.one("SELECT file_id, rows_conflict FROM load_manifest")).toEqual({ file_id: 1, rows_conflict: 0 });
    expect(await wh.one("SELECT member_key, in_doubt, batch_sync_id, batch_no FROM destination_state")).toEqual({ member_key: "C1", in_doubt: false, batch_sync_id: null, batch_no: null });
    expect(await wh.one("SELECT model, run_id, definition, inputs FROM model_runs")).toEqual({ model: "dim_stores", run_id: null, definition: null, inputs: null });
  });
});

describe("rows read through the typed builder", () => {
  it("come back as the declared row types say: numbers, booleans, strings, Dates, and null where nullable", async () => {
    await wh.exec(tablesDdl(OWN_TABLES));
    const anyDb = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
    for (const decl of OWN_TABLES) {
      const columns = Object.entries(decl.columns as Record<string, Column>);
      const row = Object.fromEntries(columns.map(([name, c]) => [name, c.isNullable ? null : SAMPLE[c.sqlType].js]));
      await wh.execute(anyDb.insertInto(decl.name).values(row));
      const [read] = await wh.query(anyDb.selectFrom(decl.name).selectAll());
      expect({ table: decl.name, row: read }).toEqual({ table: decl.name, row });
    }
  });

  it("are typed by the declarations (checked by tsc)", () => {
    expectTypeOf<Selectable<SyncRunsTable>["started_at"]>().toEqualTypeOf<Date>();
    expectTypeOf<Selectable<SyncRunsTable>["finished_at"]>().toEqualTypeOf<Date | null>();
    expectTypeOf<Selectable<SyncRunsTable>["planned_upserts"]>().toEqualTypeOf<number>();
    expectTypeOf<Selectable<SegmentRunsTable>["as_of"]>().toEqualTypeOf<Date>();
    expectTypeOf<Selectable<SegmentRunsTable>["expected_response_rate"]>().toEqualTypeOf<number | null>();
  });

  it("run a statement and tell how many rows it changed", async () => {
    await wh.exec(tableDdl(OWN_TABLES.find((d) => d.name === "sync_errors")!));
    const errors = [1, 2, 3].map((n) => ({ sync_id: 1, batch_no: n, member_key: `C${n}`, error: "HTTP 503" }));
    expect(await wh.execute(db.insertInto("sync_errors").values(errors))).toBe(3);
    expect(await wh.execute(db.deleteFrom("sync_errors").where("batch_no", ">", 1))).toBe(2);
    expect(await wh.query(db.selectFrom("sync_errors").select(["member_key"]))).toEqual([{ member_key: "C1" }]);
  });
});
