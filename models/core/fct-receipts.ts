import type { SqlModel } from "../model.js";

/**
 * One row per receipt with the money signed (returns negative), the member behind the card, the
 * till and cashier that rang it up (staff codes, for the staff KPIs) and the items from the receipt's lines. `member_id` is the customer behind the card, or the card
 * itself when the card is not (yet) in the cards feed, so an identified purchase is never lost.
 * Incremental by receipt: a refresh rebuilds the receipts loaded or corrected since, those whose
 * lines came (late, or replaced), and those of cards that came or changed (late cards re-link them).
 */
export const fctReceipts: SqlModel = {
  kind: "sql",
  name: "fct_receipts",
  description: "Receipts (sales and returns) with signed amounts, member, till, cashier and items; one row per receipt.",
  layer: "core",
  grain: ["store_id", "receipt_id"],
  // a receipt's row, with its card's customer and its lines summed: LEFT JOINs on the cards' and the lines' keys
  oneRowPer: "stg_receipts",
  incremental: {
    key: ["store_id", "receipt_id"],
    touchedBy: {
      stg_receipts: ({ afterFileId, source }) => `SELECT store_id, receipt_id FROM ${source("stg_receipts")} WHERE _file_id > ${afterFileId}`,
      stg_receipt_lines: ({ afterFileId, source }) => `SELECT DISTINCT store_id, receipt_id FROM ${source("stg_receipt_lines")} WHERE _file_id > ${afterFileId}`,
      stg_cards: ({ afterFileId, source }) => `SELECT r.store_id, r.receipt_id FROM ${source("stg_receipts")} r JOIN ${source("stg_cards")} c ON c.card_number = r.card_number WHERE c._file_id > ${afterFileId}`,
    },
  },
  sql: ({ changed, source }) => {
    const only = changed ? `SEMI JOIN ${changed} k USING (store_id, receipt_id)` : "";
    return `WITH receipts AS NOT MATERIALIZED (SELECT r.* FROM ${source("stg_receipts")} r ${only}),
      lines AS (
        SELECT l.store_id, l.receipt_id, sum(l.quantity)::DOUBLE AS items, count(*)::INT AS line_count
        FROM ${source("stg_receipt_lines")} l SEMI JOIN receipts r USING (store_id, receipt_id)
        GROUP BY ALL
      )
      SELECT r.store_id, r.receipt_id, r.receipt_at, r.receipt_at::DATE AS receipt_date, r.till_id, r.cashier_id, r.card_number,
        c.customer_id, coalesce(c.customer_id, 'card:' || r.card_number) AS member_id,
        r.card_number IS NOT NULL AS is_identified, r.is_return, r.original_receipt_id,
        (CASE WHEN r.is_return THEN -1 ELSE 1 END * r.total)::DOUBLE AS net_amount,
        (CASE WHEN r.is_return THEN 0 ELSE r.total END)::DOUBLE AS gross_amount,
        coalesce(r.discount, 0)::DOUBLE AS discount, coalesce(r.bonus_earned, 0)::DOUBLE AS bonus_earned,
        coalesce(r.bonus_spent, 0)::DOUBLE AS bonus_spent, r.payment_type,
        (CASE WHEN r.is_return THEN -1 ELSE 1 END * coalesce(l.items, 0))::DOUBLE AS items, coalesce(l.line_count, 0) AS line_count
      FROM receipts r LEFT JOIN ${source("stg_cards")} c ON c.card_number = r.card_number
        LEFT JOIN lines l ON l.store_id = r.store_id AND l.receipt_id = r.receipt_id`;
  },
  // Receipts without an amount (an event log) still count as purchases; money figures leave them out, and say so.
  warn: () => `SELECT CASE WHEN count(*) FILTER (WHERE net_amount IS NULL) > 0 THEN count(*) FILTER (WHERE net_amount IS NULL) || ' of ' || count(*)
      || ' receipts have no amount: they count as purchases (frequency, recency, cohorts, BG/NBD), but revenue, average check, monetary value and CLV leave them out' END AS warning
    FROM fct_receipts`,
  tests: [
    { kind: "not_null", columns: ["receipt_date"] },
    {
      // counted, not joined: receipts are one to one with stg_receipts (oneRowPer), and a 32M × 32M
      // join cost 14 s a build
      kind: "expression",
      name: "an amount exactly where the receipt has one",
      failingRows: ({ source }) => `SELECT f.n AS receipts_without_amount, s.n AS loaded_without_amount
        FROM (SELECT count(*) FILTER (WHERE net_amount IS NULL) AS n FROM fct_receipts) f,
          (SELECT count(*) FILTER (WHERE total IS NULL) AS n FROM ${source("stg_receipts")}) s
        WHERE f.n <> s.n`,
    },
    {
      kind: "expression",
      name: "member_id set exactly on identified receipts",
      failingRows: () => "SELECT store_id, receipt_id FROM fct_receipts WHERE is_identified <> (member_id IS NOT NULL)",
    },
  ],
};
