import type { TableRefs } from "../table-refs.js";

/** A category, brand or margin class the products feed does not give (the SKU is not in it, or the field is empty). */
export const UNKNOWN = "(unknown)";
/** A cell summed over a column: `brand = '(all)'` is the whole category. */
export const ALL = "(all)";

/**
 * The catalogue with the names the marts show, and a number for each category and each brand within
 * it: counting distinct receipts and buyers per category hashes numbers much faster than names
 * (mart_category_sales's counts at 100k customers: 23 s of CPU against 34 s). `(unknown)` is always 0: a row
 * without a SKU stands for the SKUs the feed does not name, whose lines find no product.
 */
function productsSql({ ref }: Pick<TableRefs, "ref">): string {
  const known = (column: string) => `${column} <> '${UNKNOWN}', ${column}`;
  return `SELECT *, dense_rank() OVER (ORDER BY ${known("category")}) - 1 AS category_no,
      dense_rank() OVER (ORDER BY ${known("category")}, ${known("brand")}) - 1 AS brand_no
    FROM (
      SELECT sku, coalesce(category, '${UNKNOWN}') AS category, coalesce(brand, '${UNKNOWN}') AS brand, coalesce(margin_class, '${UNKNOWN}') AS margin_class
      FROM ${ref("dim_products")}
      UNION ALL SELECT NULL, '${UNKNOWN}', '${UNKNOWN}', '${UNKNOWN}'
    )`;
}

/**
 * The receipt lines of `receipts` (a SELECT of fct_receipts' `store_id`, `receipt_id`, `is_return`
 * and whatever a mart carries along, which comes with each line) with their product's category,
 * brand and margin class, and the numbers of the category and the brand. Only those receipts' lines
 * are read, so a mart that needs a few receipts (first purchases, a window) does not drag the whole
 * lines table through its joins.
 *
 * Money and units are signed: a line subtracts when its receipt is a return or the line itself is
 * marked as one (the feeds store returned amounts as positive numbers with the flag, and a return's
 * lines do not always carry it). `is_sale` says the line sold something: receipts and buyers count
 * sales only. A SKU missing from the products feed keeps its money, under `(unknown)`.
 */
export function productLinesSql(receipts: string, { ref }: Pick<TableRefs, "ref">): string {
  const returned = "(r.is_return OR coalesce(l.is_return, false))";
  const named = (column: string) => `coalesce(p.${column}, '${UNKNOWN}') AS ${column}`;
  return `SELECT r.*, ${named("category")}, ${named("brand")}, ${named("margin_class")},
      coalesce(p.category_no, 0) AS category_no, coalesce(p.brand_no, 0) AS brand_no, NOT ${returned} AS is_sale,
      (CASE WHEN ${returned} THEN -1 ELSE 1 END * l.amount)::DOUBLE AS revenue,
      (CASE WHEN ${returned} THEN -1 ELSE 1 END * l.quantity)::DOUBLE AS units
    FROM ${ref("fct_receipt_lines")} l JOIN (${receipts}) r USING (store_id, receipt_id)
    LEFT JOIN (${productsSql({ ref })}) p ON p.sku = l.sku`;
}
