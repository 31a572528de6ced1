/**
 * Receipt lines are a pure function of (line key, line index, month): receipt totals are summed
 * from that function when receipts are built, and the Parquet lines are expanded from the same
 * function when written. Totals and lines therefore agree to the kopeck, and the (large) line table
 * never has to be stored.
 */
import type { ChainContext } from "./chain-context.js";
import { BASKET } from "./sample-params.js";

/**
 * Each SKU's shelf price and promo percent for each month of the period (prices rise month by month
 * up to the catalogue price at the end), and the line macros that draw SKU and quantity.
 */
export async function createLineMacros(ctx: ChainContext): Promise<void> {
  const lastMonth = ctx.months[ctx.months.length - 1].no;
  const [p1, p2] = [BASKET.unitQuantityShares[0], BASKET.unitQuantityShares[0] + BASKET.unitQuantityShares[1]];
  const { min, step, count } = BASKET.promoPercents;
  await ctx.wh.exec(`
    CREATE TABLE sku_months AS
    SELECT s.i::INTEGER AS sku, m.no::INTEGER AS month,
      money(greatest(ceil(sku_end_price(s.i) / pow(${1 + BASKET.monthlyInflation}, ${lastMonth} - m.no)) - 0.01, 0.99)) AS price,
      CASE WHEN u2(s.i, m.no, 'promo') < ${BASKET.promoShare}
        THEN ${min} + ${step} * floor(u2(s.i, m.no, 'promo_percent') * ${count})::INTEGER ELSE 0 END AS pct,
      sku_weighed(s.i) AS weighed
    FROM range(${BASKET.products}) s(i) CROSS JOIN (SELECT unnest(${`[${ctx.months.map((m) => m.no).join(", ")}]`}) AS no) m;

    CREATE MACRO line_sku(k, j) AS
      least(${BASKET.products - 1}, floor(${BASKET.products} * pow(u2(k, j, 'sku'), ${BASKET.skuSkew})))::INTEGER;
    CREATE MACRO line_qty(k, j, weighed) AS money(CASE
      WHEN weighed THEN 0.2 + round(1.6 * u2(k, j, 'weight'), 2)
      WHEN u2(k, j, 'quantity') < ${p1} THEN 1
      WHEN u2(k, j, 'quantity') < ${p2} THEN 2
      ELSE 3 + floor(u2(k, j, 'quantity_more') * 3)::INTEGER END);
  `);
}

/**
 * One row per line of the receipts in `receiptsSql`, which gives `rid` (any receipt identifier to
 * carry along), `line_key`, `line_month` and `line_nos` (the indexes of the lines it holds).
 * Columns: rid, line_no, sku_no, quantity, price, amount (after discount), discount, promo_id.
 */
export function lineRowsSql(receiptsSql: string): string {
  return `
    WITH expanded AS (
      SELECT rid, line_key, line_month, unnest(line_nos) AS j, unnest(range(1, len(line_nos) + 1)) AS line_no
      FROM (${receiptsSql})
    ), drawn AS (
      SELECT *, line_sku(line_key, j) AS sku_no FROM expanded
    ), priced AS (
      SELECT d.rid, d.line_no, d.sku_no, line_qty(d.line_key, d.j, p.weighed) AS quantity, p.price, p.pct, d.line_month
      FROM drawn d JOIN sku_months p ON p.sku = d.sku_no AND p.month = d.line_month
    ), valued AS (
      SELECT *, money(round(quantity * price, 2)) AS gross FROM priced
    )
    SELECT rid, line_no, sku_no, quantity, price,
      gross - money(round(gross * pct / 100, 2)) AS amount, money(round(gross * pct / 100, 2)) AS discount,
      CASE WHEN pct > 0 THEN 'PR-' || ((line_month - 1) // 12) || lpad(((line_month - 1) % 12 + 1)::VARCHAR, 2, '0') || '-' || pct END
        AS promo_id
    FROM valued`;
}

/**
 * `total` (sum of line amounts, after line discounts) and `discount` (sum of line discounts) by
 * `key` for the receipts of `receiptsSql` (key, line_key, line_month, line_nos).
 */
export function receiptTotalsSql(receiptsSql: string): string {
  return `
    SELECT rid AS key, money(sum(amount)) AS total, money(sum(discount)) AS discount
    FROM (${lineRowsSql(`SELECT key AS rid, line_key, line_month, line_nos FROM (${receiptsSql})`)})
    GROUP BY rid`;
}
