/**
 * How a warehouse table is declared: its columns (SQL type, nullable, default) and key, once. The
 * DDL (`tableDdl`) and the Kysely table type (`TableOf`) are both derived from the declaration, so a
 * column renamed in it is renamed in the warehouse and in every typed query that names it.
 */
import type { ColumnType, Generated } from "kysely";

export type SqlType = "VARCHAR" | "INTEGER" | "BIGINT" | "DOUBLE" | "DECIMAL(18,2)" | "BOOLEAN" | "DATE" | "TIMESTAMP";

/**
 * A date or time as the warehouse returns it (a JS Date) and as a query may give it: a Date or the
 * ISO text DuckDB casts.
 */
export type DateTime = ColumnType<Date, Date | string, Date | string>;

/**
 * One column. `T` is what a row holds (a narrower type than the SQL one where the code writes a
 * closed list, e.g. a status); `Null` whether it may be NULL; `Default` whether the table fills it
 * when an insert leaves it out.
 */
export class Column<T = unknown, Null extends boolean = boolean, Default extends boolean = boolean> {
  declare private readonly row?: T;
  private constructor(
    readonly sqlType: SqlType,
    readonly isNullable: Null,
    /** A SQL expression, e.g. `false`. */
    readonly defaultSql: Default extends true ? string : undefined,
  ) {}

  static of<T>(sqlType: SqlType): Column<T, false, false> {
    return new Column<T, false, false>(sqlType, false, undefined);
  }

  nullable(): Column<T, true, Default> {
    return new Column<T, true, Default>(this.sqlType, true, this.defaultSql);
  }

  default(sqlExpression: string): Column<T, Null, true> {
    return new Column<T, Null, true>(this.sqlType, this.isNullable, sqlExpression);
  }
}

export const varchar = <T extends string = string>() => Column.of<T>("VARCHAR");
export const integer = () => Column.of<number>("INTEGER");
/** Safe integers come back as numbers (Warehouse.all), so a BIGINT column is a number. */
export const bigint = () => Column.of<number>("BIGINT");
export const double = () => Column.of<number>("DOUBLE");
export const boolean = () => Column.of<boolean>("BOOLEAN");
export const date = () => Column.of<DateTime>("DATE");
export const timestamp = () => Column.of<DateTime>("TIMESTAMP");

type Columns = Record<string, Column>;

export interface TableDecl<Name extends string = string, C extends Columns = Columns> {
  name: Name;
  columns: C;
  /** The primary key, made with the table (DuckDB cannot add one to an existing table). */
  key?: readonly string[];
  /** A sequence the writer numbers the table's rows from (`nextval`). */
  sequence?: string;
}

export function table<const Name extends string, const C extends Columns, const O extends { key?: readonly (keyof C & string)[]; sequence?: string } = {}>(
  name: Name,
  columns: C,
  options: O = {} as O,
): TableDecl<Name, C> & O {
  return { name, columns, ...options };
}

/** A column's Kysely type: nullable as declared, optional on insert when the table has a default. */
type KyselyColumn<C> =
  C extends Column<infer T, infer Null, infer Default>
    ? Default extends true
      ? Generated<Null extends true ? T | null : T>
      : Null extends true
        ? T | null
        : T
    : never;

/** A declared table's Kysely table type. */
export type TableOf<D extends TableDecl> = { [K in keyof D["columns"]]: KyselyColumn<D["columns"][K]> };

/** The Kysely table types of declared tables, by table name (for the `Database` interface). */
export type TablesOf<Ds extends readonly TableDecl[]> = { [D in Ds[number] as D["name"]]: TableOf<D> };

function columnSql(name: string, column: Column, withConstraints: boolean): string {
  const notNull = withConstraints && !column.isNullable ? " NOT NULL" : "";
  const fallback = column.defaultSql === undefined ? "" : ` DEFAULT ${column.defaultSql}`;
  return `${name} ${column.sqlType}${notNull}${fallback}`;
}

/**
 * The table's DDL, idempotent: created when missing; in a warehouse made by an older version, any
 * column it lacks is added (nullable: DuckDB adds no NOT NULL column to a table; with the declared
 * default, which fills the rows already there).
 */
export function tableDdl(decl: TableDecl): string {
  const columns = Object.entries(decl.columns);
  const key = decl.key?.length ? [`PRIMARY KEY (${decl.key.join(", ")})`] : [];
  const keyColumns = new Set<string>(decl.key ?? []);
  return [
    ...(decl.sequence ? [`CREATE SEQUENCE IF NOT EXISTS ${decl.sequence} START 1;`] : []),
    `CREATE TABLE IF NOT EXISTS ${decl.name} (\n${[...columns.map(([name, c]) => `  ${columnSql(name, c, true)}`), ...key.map((k) => `  ${k}`)].join(",\n")}\n);`,
    // a key column came with the table: it is never added later
    ...columns.filter(([name]) => !keyColumns.has(name)).map(([name, c]) => `ALTER TABLE ${decl.name} ADD COLUMN IF NOT EXISTS ${columnSql(name, c, false)};`),
  ].join("\n");
}

/** The DDL of several tables, in order. */
export function tablesDdl(decls: readonly TableDecl[]): string {
  return decls.map(tableDdl).join("\n");
}
