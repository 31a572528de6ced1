/**
 * Receipts as a till system exports them (one Windows-1251 CSV per month, decimal commas, some
 * amounts with a space as thousands separator, the bad rows damaged here), the re-sent file, and
 * the receipt lines as typed Parquet, one file per month.
 */
import { join } from "node:path";
import type { ChainContext, ChainMonth } from "./chain-context.js";
import { lineRowsSql } from "./receipt-lines.js";
import { PAYMENT_TYPES } from "./sample-params.js";
import { sqlList, sqlLiteral } from "./sql-literals.js";
import { feedHeader, feedLine, feedSelectList, writeCp1251Csv, writeParquet, type FeedWriter, type WrittenFile } from "./write-feed.js";

/** Share of amounts written with a thousands separator (`1 234,50`). */
const GROUPED_SHARE = 0.3;

function monthRange(m: ChainMonth): string {
  const year = Math.floor((m.no - 1) / 12);
  const month = ((m.no - 1) % 12) + 1;
  const first = `${year}-${String(month).padStart(2, "0")}-01`;
  return `r.ts >= TIMESTAMP ${sqlLiteral(first)} AND r.ts < TIMESTAMP ${sqlLiteral(first)} + INTERVAL 1 MONTH`;
}

function receiptLinesSql(where: string): string {
  const grouped = `u(r.key, 'thousands') < ${GROUPED_SHARE}`;
  const line = feedLine("receipts", {
    store_id: "store_code(r.store)",
    receipt_id: "receipt_code(r.receipt_no)",
    till_id: "lpad(r.till::VARCHAR, 2, '0')",
    receipt_at: `CASE b.reason WHEN 'receipt_at_empty' THEN ''
      WHEN 'impossible_date' THEN '31.02.' || year(r.ts) || strftime(r.ts, ' %H:%M') ELSE fmt_ts(r.ts) END`,
    card_number: "r.card",
    total: `CASE b.reason WHEN 'total_unparseable' THEN '12,3,4'
      WHEN 'negative_total' THEN fmt_money(-r.total, ${grouped}) ELSE fmt_money(r.total, ${grouped}) END`,
    discount: "fmt_money(r.discount, false)",
    bonus_earned: "fmt_money(r.earned, false)",
    bonus_spent: "fmt_money(r.spent, false)",
    payment_type: `${sqlList([...PAYMENT_TYPES])}[r.payment + 1]`,
    is_return: "fmt_bool(r.is_return)",
    original_receipt_id: "receipt_code(rr.orig_receipt_no)",
    // the till's cashier: two shifts a day, each till with its own pair of cashiers
    cashier_id: "store_code(r.store) || '-K' || lpad((r.till * 2 - (hour(r.ts) < 15)::INT)::VARCHAR, 2, '0')",
  }, ";");
  return `
    SELECT ${line} || CASE WHEN b.reason = 'extra_field' THEN ';1' ELSE '' END AS line
    FROM receipts r LEFT JOIN return_refs rr ON rr.key = r.key LEFT JOIN bad_receipts b ON b.key = r.key
    WHERE ${where}
    ORDER BY r.ts, r.store, r.key`;
}

export async function writeReceiptFiles(ctx: ChainContext, w: FeedWriter, out: string): Promise<WrittenFile[]> {
  const header = feedHeader("receipts", ";");
  const files: WrittenFile[] = [];
  for (const m of ctx.months) {
    ctx.progress(`receipts ${m.label}`);
    const name = `receipts_${m.label}.csv`;
    files.push({ name, rows: await writeCp1251Csv(w, join(out, name), header, receiptLinesSql(monthRange(m))) });
  }
  return files;
}

/** The last days of the last month, sent again byte for byte: ingest must count them as duplicates. */
export async function writeResentFile(ctx: ChainContext, w: FeedWriter, out: string, from: string): Promise<WrittenFile> {
  const name = `receipts_${ctx.months[ctx.months.length - 1].label}_resent.csv`;
  const rows = await writeCp1251Csv(w, join(out, name), feedHeader("receipts", ";"),
    receiptLinesSql(`r.ts >= TIMESTAMP ${sqlLiteral(from)}`));
  return { name, rows };
}

export async function writeLineFiles(ctx: ChainContext, w: FeedWriter, out: string): Promise<WrittenFile[]> {
  const columns = feedSelectList("receipt-lines", {
    store_id: "rid.store_id", receipt_id: "rid.receipt_id", line_no: "line_no", sku: "sku_code(sku_no)",
    quantity: "quantity", price: "price", amount: "amount", discount: "discount", promo_id: "promo_id",
    is_return: "rid.is_return", product_name: "NULL", bonus_earned: "NULL", bonus_spent: "NULL",
  }, true);
  const files: WrittenFile[] = [];
  for (const m of ctx.months) {
    ctx.progress(`receipt lines ${m.label}`);
    const receipts = `
      SELECT {'store_id': store_code(r.store), 'receipt_id': receipt_code(r.receipt_no), 'is_return': r.is_return} AS rid,
        coalesce(rr.orig_key, r.key) AS line_key, coalesce(rr.line_month, month_no(r.ts)) AS line_month,
        coalesce(rr.line_nos, r.line_nos) AS line_nos
      FROM receipts r LEFT JOIN return_refs rr ON rr.key = r.key
      WHERE ${monthRange(m)}`;
    const sql = `SELECT ${columns} FROM (${lineRowsSql(receipts)}) ORDER BY rid.store_id, rid.receipt_id, line_no`;
    const name = `receipt_lines_${m.label}.parquet`;
    files.push({ name, rows: await writeParquet(w, join(out, name), sql) });
  }
  return files;
}
