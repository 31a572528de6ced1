/**
 * Report rows as Arrow IPC, for the site's tabular data files: each column typed once (numbers as
 * Float64, text as dictionary-encoded UTF-8, flags as Bool), every column kept even when all its
 * values are null (apache-arrow's `tableFromJSON` drops those), so a page reads the same fields back.
 */
import { Bool, Dictionary, Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray, type DataType } from "apache-arrow";

type Cell = string | number | boolean | null | undefined;

/** `id` numbers a text column's dictionary: fixed per column, so the same rows give the same bytes. */
function columnType(values: Cell[], id: number): DataType {
  const kinds = new Set(values.filter((v) => v != null).map((v) => typeof v));
  if (kinds.size > 1) throw new Error(`a column mixes ${[...kinds].join(" and ")}: give it one type in the report`);
  const [kind] = kinds;
  if (kind === "string") return new Dictionary(new Utf8(), new Int32(), id);
  if (kind === "boolean") return new Bool();
  return new Float64(); // numbers, and a column of nulls only
}

export function rowsToArrowIpc(rows: readonly Record<string, Cell>[]): Uint8Array {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const vectors = Object.fromEntries(columns.map((c, i) => {
    const values = rows.map((r) => r[c] ?? null);
    return [c, vectorFromArray(values, columnType(values, i))];
  }));
  return tableToIPC(new Table(vectors), "file");
}
