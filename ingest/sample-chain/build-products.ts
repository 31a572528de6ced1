/** The product catalogue: a category tree with brands, margin classes and end-of-period prices. */
import type { ChainContext } from "./chain-context.js";
import { BASKET, CATALOG } from "./sample-params.js";
import { sqlList } from "./sql-literals.js";

/**
 * A product is a pure function of its index (subcategory, brand, price), so receipt lines can price
 * a SKU inline. Lookups go through lists of subcategories, never of products: DuckDB does not fold
 * constants inside lambdas, and a 1,200-item list literal would be rebuilt for every line.
 */
export async function buildProducts(ctx: ChainContext): Promise<void> {
  const subs = CATALOG.flatMap((c, ci) => c.subcategories.map((s) => ({ ...s, category: ci + 1 })));
  const subList = <T extends string | number | boolean>(f: (s: (typeof subs)[number]) => T) => sqlList(subs.map(f));
  const catList = <T extends string>(f: (c: (typeof CATALOG)[number]) => T) => sqlList(CATALOG.map(f));
  const brands = `[${CATALOG.map((c) => sqlList([...c.brands])).join(", ")}]`;
  const sizes = `[${subs.map((s) => sqlList([...s.sizes])).join(", ")}]`;
  // Prices are log-normal around the subcategory's typical price and end in .99, like shelf prices.
  await ctx.wh.exec(`
    CREATE MACRO sku_sub(sku) AS 1 + floor(u(sku, 'subcategory') * ${subs.length})::INTEGER;
    CREATE MACRO sku_end_price(sku) AS
      greatest(ceil(${subList((s) => s.price)}[sku_sub(sku)] * exp(${BASKET.priceSpread} * gauss(sku, 'price'))), 10) - 0.01;
    CREATE MACRO sku_weighed(sku) AS ${subList((s) => s.weighed === true)}[sku_sub(sku)];
    CREATE MACRO sku_cat(sku) AS ${subList((s) => s.category)}[sku_sub(sku)];
  `);
  await ctx.wh.exec(`
    CREATE TABLE products AS
    WITH q AS (
      SELECT i AS idx, sku_sub(i) AS sub_no, ${subList((s) => s.category)}[sku_sub(i)] AS cat_no FROM range(${BASKET.products}) t(i)
    )
    SELECT idx,
      sku_code(idx) AS sku,
      ${subList((s) => s.name)}[sub_no] || ' «' || pick(${brands}[cat_no], u(idx, 'brand')) || '» '
        || pick(${sizes}[sub_no], u(idx, 'size')) AS name,
      ${catList((c) => c.name)}[cat_no] AS category,
      ${subList((s) => s.name)}[sub_no] AS subcategory,
      pick(${brands}[cat_no], u(idx, 'brand')) AS brand,
      ${catList((c) => c.margin)}[cat_no] AS margin_class,
      money(sku_end_price(idx)) AS price
    FROM q
    ORDER BY idx
  `);
}
