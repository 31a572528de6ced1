/** What is loaded: the numbers `loyalty status` and the end-of-ingest summary show. */
import { FEEDS, stagingTables, type FeedName } from "../src/db/schema.js";
import { quoteIdent, type Warehouse } from "../src/db/warehouse.js";
import { runReferenceChecks } from "./reference-checks.js";

export interface TableStatus {
  feed: FeedName;
  table: string;
  rows: number;
  files: number;
  from: Date | null;
  to: Date | null;
}

export interface WarehouseStatus {
  tables: TableStatus[];
  files: { fileId: number; fileName: string; feed: string; loadedAt: Date; read: number; loaded: number; updated: number; quarantined: number; duplicates: number; conflicts: number }[];
  quarantineByReason: { feed: string; field: string | null; reason: string; rows: number }[];
  warningsByReason: { feed: string; field: string; reason: string; rows: number }[];
  references: { name: string; description: string; rows: number }[];
  identified: { receipts: number; identifiedReceipts: number; receiptShare: number | null; revenueShare: number | null };
}

export async function warehouseStatus(wh: Warehouse): Promise<WarehouseStatus> {
  const tables: TableStatus[] = [];
  for (const { feed } of stagingTables()) {
    const spec = FEEDS[feed];
    const d = spec.dateColumn ? quoteIdent(spec.dateColumn) : "NULL";
    const row = await wh.one<{ rows: number; files: number; from: Date | null; to: Date | null }>(
      `SELECT count(*)::BIGINT AS rows, count(DISTINCT _file_id)::BIGINT AS files, min(${d})::TIMESTAMP AS "from", max(${d})::TIMESTAMP AS "to" FROM ${spec.table}`,
    );
    tables.push({ feed, table: spec.table, ...row });
  }
  const files = await wh.all<WarehouseStatus["files"][number]>(
    `SELECT file_id AS "fileId", file_name AS "fileName", feed, loaded_at AS "loadedAt", rows_read AS read, rows_loaded AS loaded,
       rows_updated AS updated, rows_quarantined AS quarantined, rows_duplicate AS duplicates, rows_conflict AS conflicts
     FROM load_manifest ORDER BY file_id`,
  );
  const quarantineByReason = await wh.all<WarehouseStatus["quarantineByReason"][number]>(
    `SELECT feed, field, reason, count(*)::BIGINT AS rows FROM quarantine GROUP BY ALL ORDER BY rows DESC, feed, reason`,
  );
  const warningsByReason = await wh.all<WarehouseStatus["warningsByReason"][number]>(
    `SELECT feed, field, reason, count(*)::BIGINT AS rows FROM load_warnings GROUP BY ALL ORDER BY rows DESC, feed, reason`,
  );
  const identified = await wh.one<WarehouseStatus["identified"]>(
    `SELECT count(*)::BIGINT AS receipts, count(card_number)::BIGINT AS "identifiedReceipts",
       (count(card_number) / nullif(count(*), 0))::DOUBLE AS "receiptShare",
       (sum(total) FILTER (WHERE card_number IS NOT NULL) / nullif(sum(total), 0))::DOUBLE AS "revenueShare"
     FROM stg_receipts WHERE NOT is_return`,
  );
  return { tables, files, quarantineByReason, warningsByReason, references: await runReferenceChecks(wh), identified };
}

export interface QuarantinedRow {
  fileName: string;
  line: number;
  field: string | null;
  reason: string;
  value: string | null;
  raw: string | null;
}

export async function quarantinedRows(wh: Warehouse, limit: number): Promise<QuarantinedRow[]> {
  return wh.all<QuarantinedRow>(
    `SELECT file_name AS "fileName", line, field, reason, value, raw FROM quarantine ORDER BY file_id, line LIMIT $1`,
    [limit],
  );
}
