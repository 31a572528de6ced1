/**
 * The problems planted for the diagnosis of the month (PLANTED_PROBLEMS), all in the last month:
 * - identification: the first store outside the flagship's city (or the last store) lets a share of
 *   its members' sales through without the card (macro `planted_anonymous`);
 * - pre-churn: a share of the frequent buyers whose home store is in the flagship's city stop buying
 *   40–46 days before the end and never come back (their lifecycle is cut before the trips are drawn);
 * - penetration: the members loyal at the month's start (by their trips, as the lifecycle's rule
 *   counts purchase days) buy nothing of one category in it (`plantLoyalBuyers`, macro
 *   `planted_line_nos`: the line indexes a sale keeps; lines are a pure function of the index).
 * Without `problems` the macros change nothing and no lifecycle is cut.
 */
import type { ChainContext } from "./chain-context.js";
import { CATALOG, PLANTED_PROBLEMS as P } from "./sample-params.js";
import { sqlLiteral } from "./sql-literals.js";

export interface PlantedProblem {
  kind: keyof typeof P;
  /** The cell the diagnosis should name, as mart_diagnosis names it. */
  dimension: string;
  cell: string;
  metric: string;
  month: string;
  description: string;
}

export async function plantProblems(ctx: ChainContext, on: boolean): Promise<PlantedProblem[]> {
  const lastMonth = `${ctx.endDate.slice(0, 7)}-01`;
  const [{ store, store_id, city }] = await ctx.wh.all<{ store: number; store_id: string; city: string }>(`
    SELECT idx AS store, store_code(idx) AS store_id, city FROM (
      SELECT coalesce((SELECT min(idx) FROM stores WHERE city <> f.city), (SELECT max(idx) FROM stores)) AS idx, f.city
      FROM stores f WHERE f.idx = 0)`);
  await ctx.wh.exec(`
    CREATE MACRO planted_anonymous(key, store, ts) AS ${on} AND store = ${store} AND ts >= TIMESTAMP '${lastMonth}'
      AND u(key, 'planted_anonymous') < ${P.identification.anonymousShare};`);
  if (!on) return [];
  const [from, to] = P.preChurn.stopDaysBeforeEnd;
  await ctx.wh.exec(`
    UPDATE customers c SET churn_day = ${ctx.days} - ${from} - floor(u(c.idx, 'planted_stop') * ${to - from})::INTEGER, won_back_day = NULL
    FROM stores s WHERE s.idx = c.home_store AND s.city = ${sqlLiteral(city)} AND NOT c.never_buys
      AND c.reg_day < ${ctx.days} - 180 AND coalesce(c.churn_day, ${ctx.days}) > ${ctx.days} - ${from} AND c.rate >= ${P.preChurn.minRate}
      AND u(c.idx, 'planted_churn') < ${P.preChurn.share}`);
  return [
    { kind: "identification", dimension: "store", cell: store_id, metric: "identified_share", month: lastMonth,
      description: `${Math.round(P.identification.anonymousShare * 100)} % of the members' sales at ${store_id} went through without the card` },
    { kind: "preChurn", dimension: "home_city", cell: city, metric: "pre_churn_inflow", month: lastMonth,
      description: `${Math.round(P.preChurn.share * 100)} % of the frequent buyers of ${city} stopped buying ${from}–${to} days before the end: active at the month before's end, pre-churn or churned at the last month's` },
    { kind: "penetration", dimension: "category_stage", cell: `${P.penetration.category} × loyal`, metric: "penetration", month: lastMonth,
      description: `the loyal members bought no ${P.penetration.category} in the last month` },
  ];
}

/**
 * The members loyal at the start of the last month (at least `loyalMinDays` days with a trip in the
 * `loyalWindowDays` before it), who buy none of the planted category in it; run once every trip is drawn.
 */
export async function plantLoyalBuyers(ctx: ChainContext, on: boolean): Promise<void> {
  const lastMonth = `DATE '${ctx.endDate.slice(0, 7)}-01'`;
  const { category, loyalMinDays, loyalWindowDays } = P.penetration;
  await ctx.wh.exec(`CREATE TABLE planted_loyal AS
    SELECT cust FROM visits WHERE ${on} AND cust IS NOT NULL AND ts < ${lastMonth} AND ts >= ${lastMonth} - ${loyalWindowDays}
    GROUP BY cust HAVING count(DISTINCT ts::DATE) >= ${loyalMinDays}`);
  const categoryNo = CATALOG.findIndex((c) => c.name === category) + 1;
  const kept = `list_filter(range(n), j -> sku_cat(line_sku(key, j)) <> ${categoryNo})`;
  await ctx.wh.exec(`CREATE MACRO planted_line_nos(key, n, loyal, ts) AS CASE
      WHEN loyal AND ts >= TIMESTAMP '${ctx.endDate.slice(0, 7)}-01' AND len(${kept}) > 0 THEN ${kept} ELSE range(n) END`);
}
