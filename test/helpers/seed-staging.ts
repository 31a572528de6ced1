import type { Warehouse, SqlValue } from "../../src/db/warehouse.js";

/** Inserts hand-written rows into a staging table (lineage columns filled in). */
export async function seed(wh: Warehouse, table: string, rows: Record<string, SqlValue>[]): Promise<void> {
  for (const [i, row] of rows.entries()) {
    const cols = Object.keys(row);
    const placeholders = cols.map((_, j) => `$${j + 1}`).join(", ");
    await wh.exec(`INSERT INTO ${table} (${cols.join(", ")}, _file_id, _line) VALUES (${placeholders}, 0, ${i + 1})`, Object.values(row));
  }
}
