/**
 * Kysely as a typed SQL compiler only: queries are built against `Database` and compiled here, then
 * run by the Warehouse (`wh.query`, `wh.execute`), never by Kysely. Postgres' dialect fits DuckDB
 * (`$1` placeholders, `ON CONFLICT`, `RETURNING`).
 */
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql, type Compilable, type RawBuilder } from "kysely";
import type { Database } from "./database.js";
import type { TableDecl } from "./tables/table.js";
import type { Warehouse } from "./warehouse.js";

export const db = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (kysely) => new PostgresIntrospector(kysely),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** The time now, for a timestamp column (UTC: the Warehouse sets the zone). */
export const now = sql<Date>`now()`;

/**
 * A `sql` template (SQL that the builder does not express, around typed parts built with `db`) as a
 * query the Warehouse runs.
 */
export function compiled<O>(raw: RawBuilder<O>): Compilable<O> {
  return { compile: () => raw.compile(db) };
}

/** The next number from the sequence a table's rows are numbered by. */
export async function nextId(wh: Warehouse, decl: TableDecl & { sequence: string }): Promise<number> {
  const [{ id }] = await wh.query(db.selectNoFrom(sql<number>`nextval(${sql.lit(decl.sequence)})::INTEGER`.as("id")));
  return id;
}

/**
 * A typed query as SQL text, for SQL that stays text around it (an export shape, a segment's
 * evaluation): its values must be literals (`sql.lit`), since the text around it numbers its own
 * parameters or has none.
 */
export function sqlText(query: Compilable): string {
  const { sql: text, parameters } = query.compile();
  if (parameters.length) throw new Error(`a query with parameters cannot be embedded as text: ${text}`);
  return text;
}
