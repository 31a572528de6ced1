/**
 * Every model table's rows, comparable between two warehouses or two builds. Floating-point sums
 * taken in another order differ in their last bits, so rows are matched by their other values and
 * numbers compared to 1e-9 relative.
 */
import type { Model } from "../../models/model.js";
import type { Warehouse } from "../../src/db/warehouse.js";

type Row = Record<string, unknown>;
export type Tables = Record<string, Row[]>;

const plain = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
/** What a row is sorted and matched by: everything, fractional numbers to 6 significant digits. */
const sortKey = (row: Row) => JSON.stringify(Object.values(row).map((v) => (typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(6)) : plain(v))));

export async function modelTables(wh: Warehouse, models: Model[]): Promise<Tables> {
  const tables: Tables = {};
  for (const m of models) {
    const rows = await wh.all<Row>(`SELECT * FROM ${m.name}`);
    tables[m.name] = rows.map((r) => ({ key: sortKey(r), r })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((x) => x.r);
  }
  return tables;
}

const close = (a: unknown, b: unknown) =>
  typeof a === "number" && typeof b === "number" ? Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)) : JSON.stringify(plain(a)) === JSON.stringify(plain(b));

/** Per table, the first rows that differ (at most 3), with the row count of each side. */
export function tableDifferences(actual: Tables, expected: Tables): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(expected)) {
    const a = actual[name] ?? [];
    const e = expected[name];
    const differing = e.map((row, i) => [a[i], row] as const).filter(([x, y]) => !x || Object.keys(y).some((k) => !close(x[k], y[k])));
    if (a.length !== e.length || differing.length) out[name] = { rows: [a.length, e.length], first: differing.slice(0, 3) };
  }
  return out;
}
