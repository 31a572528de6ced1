/**
 * Whether segments have ever run in a warehouse: their tables are created by the first run
 * (`ensureSegmentTables`), which a reader holding the warehouse read-only cannot do itself.
 */
import type { Warehouse } from "../src/db/warehouse.js";

export async function segmentTablesExist(wh: Warehouse): Promise<boolean> {
  const { n } = await wh.one<{ n: number }>(
    "SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE schema_name = 'main' AND table_name IN ('segment_runs', 'segment_members')",
  );
  return n === 2;
}
