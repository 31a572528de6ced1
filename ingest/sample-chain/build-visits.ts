/**
 * Shopping trips, before they become receipts. A member shops as a Poisson process over each of
 * their active segments (first life, life after a win-back, campaign follow-up); the weekday and
 * season pattern comes from thinning: draw candidates at the peak rate, keep each with
 * day_weight / peak. Anonymous trips are spread over store-days in proportion to traffic.
 */
import type { ChainContext } from "./chain-context.js";
import { MAX_DAY_WEIGHT } from "./chain-macros.js";
import { ANONYMOUS, LIFECYCLE } from "./sample-params.js";

/** `visits.source`: why a trip happened (campaign sources are offset by the campaign's number). */
export const SOURCE = { base: 0, wonBack: 1, campaign: 10, followUp: 20, registration: 30, anonymous: 31 } as const;

/** Row keys carry their origin in the high bits, so every draw keyed on them is independent. */
export function memberKey(cust: string, segment: string, j: string): string {
  return `((1::BIGINT << 58) | (${cust}::BIGINT << 28) | (${segment}::BIGINT << 20) | ${j}::BIGINT)`;
}

/** A SELECT of (cust, seg, d0, d1, rate, home_store): day range [d0, d1) at `rate` visits a day. */
type SegmentsSql = string;

export async function buildMemberVisits(ctx: ChainContext): Promise<void> {
  await ctx.wh.exec(`CREATE TABLE visits (key BIGINT, cust INTEGER, store SMALLINT, ts TIMESTAMP, source UTINYINT)`);
  // Regular shopping starts the day after registration: a card cannot be used before it exists.
  await insertVisits(ctx, `
    SELECT idx AS cust, ${SOURCE.base} AS seg, greatest(reg_day + 1, 0) AS d0, least(coalesce(churn_day, ${ctx.days}), ${ctx.days}) AS d1,
      rate, home_store FROM customers WHERE NOT never_buys
    UNION ALL
    SELECT idx, ${SOURCE.wonBack}, greatest(won_back_day, 0), ${ctx.days}, rate * ${LIFECYCLE.wonBackRateFactor}, home_store
    FROM customers WHERE won_back_day IS NOT NULL AND NOT never_buys`);
  // A till registration happens at a purchase: that receipt is the customer's first.
  await ctx.wh.exec(`
    INSERT INTO visits
    SELECT ${memberKey("idx", String(SOURCE.registration), "0")}, idx, home_store, registered_at, ${SOURCE.registration}
    FROM customers WHERE channel = 'till' AND reg_day >= 0`);
}

export async function insertVisits(ctx: ChainContext, segments: SegmentsSql): Promise<void> {
  await ctx.wh.exec(`
    INSERT INTO visits
    WITH candidates AS (
      SELECT cust, seg, d0, d1, home_store,
        unnest(range(floor(rate * ${MAX_DAY_WEIGHT} * (d1 - d0) + u2(cust, seg, 'visit_count'))::BIGINT)) AS j
      FROM (${segments}) WHERE d1 > d0
    ), keyed AS (
      SELECT *, ${memberKey("cust", "seg", "j")} AS key FROM candidates
    ), dated AS (
      SELECT *, d0 + floor(u(key, 'visit_day') * (d1 - d0))::INTEGER AS day FROM keyed
    )
    SELECT key, cust,
      CASE WHEN u(key, 'store_choice') < ${LIFECYCLE.homeStoreShare} THEN home_store ELSE store_pick(u(key, 'store')) END,
      visit_ts(key, day), seg
    FROM dated
    WHERE u(key, 'thin') * ${MAX_DAY_WEIGHT} < day_weight(day)`);
}

/**
 * Anonymous trips: as many as make them `ANONYMOUS.share` of all sales, spread over store-days by
 * store traffic, day weight and a falling trend (the chain identifies more buyers over time).
 * Weights are summed as decimals: a float sum's last bits depend on thread scheduling.
 */
export async function buildAnonymousVisits(ctx: ChainContext): Promise<void> {
  const [{ n }] = await ctx.wh.all<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM visits`);
  const anonymous = Math.round((n * ANONYMOUS.share) / (1 - ANONYMOUS.share));
  const trend = `(${ANONYMOUS.trendStart} + ${ANONYMOUS.trendEnd - ANONYMOUS.trendStart} * t.d / ${Math.max(ctx.days - 1, 1)})`;
  await ctx.wh.exec(`
    INSERT INTO visits
    WITH store_days AS (
      SELECT s.idx AS store, t.d, CAST(s.weight * day_weight(t.d) * ${trend} AS DECIMAL(38,12)) AS w
      FROM stores s CROSS JOIN range(${ctx.days}) t(d)
    ), total AS (
      SELECT sum(w) AS w_total FROM store_days
    ), counted AS (
      SELECT store, d,
        unnest(range(floor(${anonymous} * w::DOUBLE / w_total::DOUBLE + u2(store, d, 'anonymous_count'))::BIGINT)) AS j
      FROM store_days CROSS JOIN total
    )
    SELECT (2::BIGINT << 58) | (store::BIGINT << 40) | (d::BIGINT << 20) | j AS key, NULL, store,
      visit_ts((2::BIGINT << 58) | (store::BIGINT << 40) | (d::BIGINT << 20) | j, d), ${SOURCE.anonymous}
    FROM counted`);
}
