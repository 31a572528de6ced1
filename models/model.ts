/**
 * What a model is: one table of the warehouse, defined in one file, with its grain, its inputs and
 * the data tests that must hold after every build (dbt's discipline, in TypeScript).
 */
import type { Warehouse } from "../src/db/warehouse.js";
import type { ModelParams } from "../src/config/model-params.js";
import type { TableRefs } from "./table-refs.js";

/** What a build knows before it reaches a model: the date and the settings. */
export interface BuildContext {
  /** The date the models describe (ISO `YYYY-MM-DD`): "as of" for customer states, the last day of facts. */
  asOf: string;
  params: ModelParams;
  /**
   * For an incremental build: a table holding the keys (`incremental.key`) of the rows to rebuild;
   * the SQL computes those rows only.
   */
  changed?: string;
  /** Tables that exist when the model is built (a model may use an optional input only if it is there). */
  tables?: ReadonlySet<string>;
}

/** What a model's SQL is written against: the build's context and the names of the tables it reads. */
export interface ModelContext extends BuildContext, TableRefs {}

export type DataTest =
  | { kind: "not_null"; columns: string[] }
  | { kind: "accepted_values"; column: string; values: readonly string[] }
  | { kind: "relationships"; column: string; to: string; toColumn: string }
  /** Rows returned by `failingRows` break the test; `keys` name them in the error. */
  | { kind: "expression"; name: string; failingRows: (ctx: ModelContext) => string };

interface ModelBase {
  /** The table it builds, e.g. `fct_receipts`, `mart_rfm`. */
  name: string;
  description: string;
  layer: "core" | "mart";
  /** Columns that identify a row: tested unique and not null after every build. */
  grain: string[];
  tests?: DataTest[];
  /**
   * The staging table this model holds exactly one row per row of, keyed as the load keeps it
   * unique: the grain is tested by comparing row counts with it instead of grouping every row (at 1M
   * customers grouping 31.6M receipts took 10 s a build).
   */
  oneRowPer?: string;
  /**
   * A query over the built table returning one row with a `warning` column: text when the data
   * makes the model's numbers partial (shown with the build's results), NULL when not.
   */
  warn?: (ctx: ModelContext) => string;
}

/** A model written as one SELECT. */
export interface SqlModel extends ModelBase {
  kind: "sql";
  sql: (ctx: ModelContext) => string;
  /** A table (the default), or a view for a model that only renames what one input holds. */
  materialized?: "table" | "view";
  /** Rebuilds only the rows that the inputs' changes touch (see ChangeTracking). */
  incremental?: ChangeTracking;
}

/**
 * How an incremental model finds the rows that its inputs' changes touch. A refresh deletes the
 * rows with those keys and inserts what `sql` returns for them (`ctx.changed` holds the keys). Every
 * input (models/model-inputs.ts) needs a rule: an input without one would be a change the refresh misses
 * (late cards once left receipts unlinked while every data test passed). An input is a staging
 * table (its changes are the rows of newer files) or an incremental model (its changes are the rows
 * it rebuilt in the same build; when it was rebuilt in full, so is this model).
 */
export interface ChangeTracking {
  /** Columns that identify the rows rebuilt together. */
  key: string[];
  /** Per input: a SELECT of the keys whose rows change once the input's changes are taken into account. */
  touchedBy: Record<string, (changes: InputChanges) => string>;
}

/** What changed in an input since the model's last build. */
export interface InputChanges extends TableRefs {
  /** A staging input: rows loaded by files after this id are new, corrected or replaced (they carry their file's id). */
  afterFileId: number;
  /** An upstream incremental model: a table of its rebuilt rows as they were before (deleted, or moved away)… */
  removed: string;
  /** …and a table of the keys it rebuilt (their rows as they are now are in the model's table). */
  rebuiltKeys: string;
}

/** A model computed in TypeScript (e.g. a fit or a decomposition) that writes its own table. */
export interface CodeModel extends ModelBase {
  kind: "code";
  /**
   * Creates or replaces table `name`. A model that cannot be computed from the data at hand (too
   * few repeat buyers to fit) still creates its table, empty, and returns a warning saying why.
   */
  build: (wh: Warehouse, ctx: ModelContext) => Promise<{ warning?: string } | void>;
  /**
   * What `build` reads, since code cannot be read before it runs: the SQL it will run (its builders
   * called with `ctx`), or the tables named with `ctx.ref()`/`ctx.source()`. The graph records the
   * refs made while this runs; a build reading anything else fails.
   */
  reads: (ctx: ModelContext) => string[];
}

export type Model = SqlModel | CodeModel;
