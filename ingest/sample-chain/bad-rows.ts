/**
 * The deliberately broken rows ingest must catch: quarantine them, or (a value outside an open list)
 * keep them with a warning. They are real anonymous sales (no card, no
 * return pointing at them, not in the re-sent days) whose text is damaged on the way out, so the
 * rest of the chain stays consistent; the truth file lists each one with its file and line.
 */
import type { ChainContext } from "./chain-context.js";
import { BAD_CUSTOMER_ROWS, BAD_RECEIPT_ROWS } from "./sample-params.js";
import { sqlList, sqlLiteral } from "./sql-literals.js";

type Outcome = "quarantined" | "warning";

const BAD_ROW_KINDS: Record<string, { why: string; outcome: Outcome }> = {
  total_unparseable: { why: "total is '12,3,4', not a number", outcome: "quarantined" },
  receipt_at_empty: { why: "receipt_at is empty but required", outcome: "quarantined" },
  impossible_date: { why: "receipt_at is 31 February", outcome: "quarantined" },
  negative_total: { why: "negative total on a sale (is_return = 0)", outcome: "quarantined" },
  extra_field: { why: "one field more than the header", outcome: "quarantined" },
  gender_invalid: { why: "gender 'x' is not one of m, f (kept as given, counted as unknown_value)", outcome: "warning" },
};

export interface BadRow {
  file: string;
  /** 1-based line in the file; the header is line 1. */
  line: number;
  reason: string;
  why: string;
  /** What ingest must do with it: quarantine the row, or load it and record a warning. */
  outcome: Outcome;
  store_id?: string;
  receipt_id?: string;
  customer_id?: string;
}

function expand(counts: Record<string, number>): string[] {
  return Object.entries(counts).flatMap(([reason, n]) => Array<string>(n).fill(reason));
}

/** Picks the rows (tables `bad_receipts(key, reason)` and `bad_customers(idx, reason)`). */
export async function chooseBadRows(ctx: ChainContext, resentFrom: string): Promise<void> {
  const receiptReasons = expand(BAD_RECEIPT_ROWS);
  const customerReasons = expand(BAD_CUSTOMER_ROWS);
  await ctx.wh.exec(`
    CREATE TABLE bad_receipts AS
    WITH picked AS (
      SELECT key FROM receipts
      WHERE card IS NULL AND NOT is_return AND ts < TIMESTAMP ${sqlLiteral(resentFrom)}
        AND key NOT IN (SELECT orig_key FROM return_refs)
      ORDER BY u(key, 'bad_receipt'), key LIMIT ${receiptReasons.length}
    )
    SELECT key, ${sqlList(receiptReasons)}[row_number() OVER (ORDER BY u(key, 'bad_receipt'), key)::INTEGER] AS reason FROM picked;
    CREATE TABLE bad_customers AS
    WITH picked AS (
      SELECT idx FROM profiles WHERE gender IS NOT NULL ORDER BY u(idx, 'bad_customer'), idx LIMIT ${customerReasons.length}
    )
    SELECT idx, ${sqlList(customerReasons)}[row_number() OVER (ORDER BY u(idx, 'bad_customer'), idx)::INTEGER] AS reason FROM picked;
  `);
}

/** Where each bad row lands: receipts files are ordered by (ts, store, key), customers by index. */
export async function describeBadRows(ctx: ChainContext): Promise<BadRow[]> {
  const receipts = await ctx.wh.all<{ month: string; line: number; reason: string; store_id: string; receipt_id: string }>(`
    SELECT strftime(b_ts, '%Y-%m') AS month, reason, store_code(b_store) AS store_id, receipt_code(b_no) AS receipt_id,
      (SELECT count(*) FROM receipts r
        WHERE r.ts >= date_trunc('month', b_ts)
          AND (r.ts < b_ts OR (r.ts = b_ts AND (r.store < b_store OR (r.store = b_store AND r.key < b_key)))))::BIGINT + 2 AS line
    FROM (SELECT b.key AS b_key, b.reason, r.ts AS b_ts, r.store AS b_store, r.receipt_no AS b_no
          FROM bad_receipts b JOIN receipts r ON r.key = b.key)
    ORDER BY month, line`);
  const customers = await ctx.wh.all<{ line: number; reason: string; customer_id: string }>(`
    SELECT (idx + 2)::BIGINT AS line, reason, customer_code(idx) AS customer_id FROM bad_customers ORDER BY idx`);
  return [
    ...receipts.map(({ month, ...r }) => ({ file: `receipts_${month}.csv`, ...r })),
    ...customers.map((c) => ({ file: "customers.csv", ...c })),
  ].map(({ file, line, reason, ...keys }) => ({ file, line, reason, ...BAD_ROW_KINDS[reason], ...keys }));
}
