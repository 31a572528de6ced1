/**
 * From trips to receipts: the card in use, till, payment, basket size and totals; about 2% of sales
 * come back as returns a few days later at the same store on the same card; coupons are redeemed on
 * the first purchase in their window; bonus points are settled; and each store numbers its receipts.
 */
import type { ChainContext } from "./chain-context.js";
import { withBonusSql } from "./build-bonus.js";
import { SOURCE } from "./build-visits.js";
import { receiptTotalsSql } from "./receipt-lines.js";
import { BASKET, NATURAL_COUPON_USE, PAYMENT_MIX, RETURNS } from "./sample-params.js";

export async function buildReceipts(ctx: ChainContext): Promise<void> {
  ctx.progress("sales");
  await ctx.wh.exec(`CREATE TABLE sale_trips AS ${saleTripsSql()}`);
  await ctx.wh.exec(`DROP TABLE visits`);
  await ctx.wh.exec(`CREATE TABLE sales AS ${withTotalsSql("sale_trips", "key", "line_nos", "month_no(ts)")}`);
  await ctx.wh.exec(`DROP TABLE sale_trips`);
  ctx.progress("returns");
  await ctx.wh.exec(`CREATE TABLE return_trips AS ${returnTripsSql(ctx)}`);
  await ctx.wh.exec(`CREATE TABLE returns AS ${withTotalsSql("return_trips", "orig_key", "line_nos", "line_month")}`);
  await ctx.wh.exec(`DROP TABLE return_trips`);
  await ctx.wh.exec(`CREATE TABLE coupon_uses AS ${couponUsesSql()}`);
  ctx.progress("bonus points");
  await ctx.wh.exec(`CREATE TABLE receipts AS ${receiptsSql()}`);
  await ctx.wh.exec(`DROP TABLE sales`);
  // Returns name their sale by the sale's receipt id, known only now that stores have numbered them.
  await ctx.wh.exec(`
    CREATE TABLE return_refs AS
    SELECT r.key, o.receipt_no AS orig_receipt_no, r.orig_key, r.line_nos, r.line_month
    FROM returns r JOIN receipts o ON o.key = r.orig_key`);
  await ctx.wh.exec(`DROP TABLE returns`);
}

function paymentSql(key: string, member: string): string {
  const [m1, m2] = PAYMENT_MIX.member;
  const [a1, a2] = PAYMENT_MIX.anonymous;
  return `(CASE WHEN u(${key}, 'payment') < CASE WHEN ${member} THEN ${m1} ELSE ${a1} END THEN 0
    WHEN u(${key}, 'payment') < CASE WHEN ${member} THEN ${m2} ELSE ${a2} END THEN 1 ELSE 2 END)::UTINYINT`;
}

/** The rows of `table` with their `total` and `discount`, summed from their lines. */
function withTotalsSql(table: string, lineKey: string, lineNos: string, month: string): string {
  const receipts = `SELECT key, ${lineKey} AS line_key, ${month} AS line_month, ${lineNos} AS line_nos FROM ${table}`;
  return `SELECT t.*, x.total, x.discount FROM ${table} t JOIN (${receiptTotalsSql(receipts)}) x USING (key)`;
}

function saleTripsSql(): string {
  const lines = `least(${BASKET.maxLines}, 1 + floor(store_basket(v.store) * ln(1 - u(v.key, 'lines')) / ln(1 - ${BASKET.extraLineP})))`;
  return `
    SELECT v.key, v.cust, v.store, v.ts, v.source,
      CASE WHEN v.cust IS NULL OR planted_anonymous(v.key, v.store, v.ts) THEN NULL
        WHEN c.card2 IS NOT NULL AND v.ts >= c.card2_at THEN c.card2 ELSE c.card1 END AS card,
      c.earn_percent::UTINYINT AS earn_percent,
      (1 + floor(u(v.key, 'till') * store_tills(v.store)))::UTINYINT AS till,
      ${paymentSql("v.key", "v.cust IS NOT NULL")} AS payment,
      ${lines}::UTINYINT AS n_lines,
      -- the indexes of the lines the sale keeps (all of them, but for a planted problem: plant-problems.ts)
      planted_line_nos(v.key, ${lines}::UTINYINT, pl.cust IS NOT NULL, v.ts) AS line_nos
    FROM visits v LEFT JOIN customers c ON c.idx = v.cust LEFT JOIN planted_loyal pl ON pl.cust = v.cust`;
}

/** A return refunds some of the sale's lines (at least one), 1..14 days later; never after the end. */
function returnTripsSql(ctx: ChainContext): string {
  const picked = `
    SELECT s.key | (1::BIGINT << 61) AS ret_key, s.*,
      day_no(s.ts) + 1 + floor(u(s.key, 'return_day') * ${RETURNS.maxDaysAfter})::INTEGER AS ret_day,
      list_filter(s.line_nos, j -> u2(s.key, j, 'return_line') < ${RETURNS.lineShare}
        OR j = s.line_nos[1 + floor(u(s.key, 'return_pick') * len(s.line_nos))::INTEGER]) AS returned_line_nos,
      month_no(s.ts) AS line_month
    FROM sales s WHERE u(s.key, 'return') < ${RETURNS.share}`;
  return `
    SELECT ret_key AS key, key AS orig_key, cust, store, visit_ts(ret_key, ret_day) AS ts, source, card, earn_percent,
      (1 + floor(u(ret_key, 'till') * store_tills(store)))::UTINYINT AS till, payment, returned_line_nos AS line_nos, line_month
    FROM (${picked}) WHERE ret_day < ${ctx.days}`;
}

/**
 * A coupon is used on its holder's first purchase in the window: always if the campaign caused that
 * purchase, otherwise with NATURAL_COUPON_USE.
 */
function couponUsesSql(): string {
  return `
    WITH first_sale AS (
      SELECT c.coupon_id, c.campaign_no, c.cust, c.value, min({'ts': s.ts, 'key': s.key, 'source': s.source}) AS f
      FROM coupons c JOIN sales s ON s.cust = c.cust AND s.ts >= c.issued_at AND s.ts < c.window_end
      GROUP BY ALL
    )
    SELECT coupon_id, f.key AS key, f.ts AS redeemed_at, value FROM first_sale
    WHERE f.source = ${SOURCE.campaign} + campaign_no OR u(cust, 'coupon_use_' || campaign_no) < ${NATURAL_COUPON_USE}`;
}

function receiptsSql(): string {
  const columns = `key, cust, store, ts, card, till, payment, line_nos, total, discount`;
  const memberSales = `
    SELECT s.key, s.cust, s.store, s.ts, s.card, s.till, s.payment, s.line_nos, s.total, s.discount,
      s.earn_percent, cu.value AS coupon_points
    FROM sales s LEFT JOIN coupon_uses cu ON cu.key = s.key WHERE s.card IS NOT NULL`;
  return `
    WITH settled AS (
      SELECT ${columns}, false AS is_return, earned, spent FROM (${withBonusSql(memberSales)})
      UNION ALL
      SELECT ${columns}, false, money(0), money(0) FROM sales WHERE card IS NULL
      UNION ALL
      SELECT key, cust, store, ts, card, till, payment, NULL, total, discount, true, money(0), money(0) FROM returns
    )
    SELECT *, row_number() OVER (PARTITION BY store ORDER BY ts, key) AS receipt_no FROM settled`;
}
