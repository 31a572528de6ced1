/**
 * How a model names the tables it reads, as dbt does: `ref()` another model, `source()` a table the
 * models do not make (a feed's staging table, the segments' campaign enrolments). Both return the
 * table's name for the SQL; the build graph is made of these calls (models/model-inputs.ts), so an
 * input cannot be read without being recorded.
 */
export interface TableRefs {
  ref(model: string): string;
  source(table: string): string;
}

export type InputKind = "ref" | "source";

/** Refs that note every table named, and how. */
export function recordingRefs(): TableRefs & { named: Map<string, InputKind> } {
  const named = new Map<string, InputKind>();
  const note = (kind: InputKind) => (table: string) => {
    named.set(table, kind);
    return table;
  };
  return { named, ref: note("ref"), source: note("source") };
}

/**
 * Refs for one model's build: a table outside the inputs its definition named is an error, not a
 * silent read. The model's own table (its data tests read it) is not an input.
 */
export function checkedRefs(model: string, inputs: ReadonlyMap<string, InputKind>): TableRefs {
  const check = (kind: InputKind) => (table: string) => {
    if (table !== model && inputs.get(table) !== kind) {
      throw new Error(`model ${model} reads ${kind}("${table}"), which its definition did not name when the build graph was made (a read that depends on a setting?)`);
    }
    return table;
  };
  return { ref: check("ref"), source: check("source") };
}

/** Refs that name tables as they are, for SQL run outside a build (test fixtures). */
export const PLAIN_REFS: TableRefs = { ref: (t) => t, source: (t) => t };
