/** The store network: city, format (which sets traffic, tills and basket size) and opening date. */
import type { ChainContext } from "./chain-context.js";
import { CITIES, STORE_FORMATS, STREETS } from "./sample-params.js";
import { sqlList, weightedSlots } from "./sql-literals.js";

export async function buildStores(ctx: ChainContext): Promise<void> {
  const cityNo = CITIES.map((_, i) => i + 1);
  const formatNo = STORE_FORMATS.map((_, i) => i + 1);
  const col = <K extends keyof (typeof STORE_FORMATS)[number]>(k: K) => sqlList(STORE_FORMATS.map((f) => f[k]));
  // The first store is a Moscow hypermarket, so even a three-store chain has a flagship.
  await ctx.wh.exec(`
    CREATE TABLE stores AS
    WITH s AS (
      SELECT i::SMALLINT AS idx,
        CASE WHEN i = 0 THEN 1 ELSE pick(${sqlList(weightedSlots(cityNo, CITIES.map((c) => c.weight)))}, u(i, 'store_city')) END AS city_no,
        CASE WHEN i = 0 THEN 1 ELSE pick(${sqlList(weightedSlots(formatNo, STORE_FORMATS.map((f) => f.share)))}, u(i, 'store_format')) END AS format_no
      FROM range(${ctx.stores}) t(i)
    )
    SELECT idx,
      store_code(idx) AS store_id,
      ${col("title")}[format_no] || ' №' || (idx + 1) || ', ул. ' || pick(${sqlList([...STREETS])}, u(idx, 'street'))
        || ', ' || (1 + floor(u(idx, 'house') * 120))::INTEGER AS name,
      ${sqlList(CITIES.map((c) => c.city))}[city_no] AS city,
      ${sqlList(CITIES.map((c) => c.region))}[city_no] AS region,
      ${col("format")}[format_no] AS format,
      day_date(-(60 + floor(u(idx, 'opened') * 3000))::INTEGER) AS opened_on,
      NULL::DATE AS closed_on,
      ${col("weight")}[format_no] * (0.8 + 0.4 * u(idx, 'store_size')) AS weight,
      ${col("tills")}[format_no] AS tills,
      ${col("basket")}[format_no] AS basket
    FROM s
    ORDER BY idx
  `);
  await createStoreMacros(ctx);
}

/** Per-store constants become list literals: a store lookup per receipt is then an index, not a join. */
async function createStoreMacros(ctx: ChainContext): Promise<void> {
  const rows = await ctx.wh.all<{ weight: number; tills: number; basket: number }>(
    `SELECT weight, tills, basket FROM stores ORDER BY idx`,
  );
  const storeNo = rows.map((_, i) => i);
  await ctx.wh.exec(`
    CREATE MACRO store_pick(x) AS pick(${sqlList(weightedSlots(storeNo, rows.map((r) => r.weight)))}, x)::SMALLINT;
    CREATE MACRO store_tills(s) AS ${sqlList(rows.map((r) => r.tills))}[s + 1];
    CREATE MACRO store_basket(s) AS ${sqlList(rows.map((r) => r.basket))}[s + 1];
  `);
}
