/**
 * The SQL vocabulary of the generator. Randomness is a hash of (row key, salt, seed): unlike
 * `random()` it gives the same number whatever the thread count or row order, so the same seed
 * always gives the same chain. Each use site picks its own salt, which keeps draws independent.
 */
import type { ChainContext } from "./chain-context.js";
import { HOUR_WEIGHTS, MONTH_FACTOR, NEW_YEAR_RUSH, WEEKDAY_FACTOR } from "./sample-params.js";
import { sqlList, sqlLiteral, weightedSlots } from "./sql-literals.js";

/** The largest day weight: visit candidates are thinned by day_weight / this. */
export const MAX_DAY_WEIGHT = Math.max(...WEEKDAY_FACTOR) * Math.max(...MONTH_FACTOR) * NEW_YEAR_RUSH.factor;

export async function createMacros(ctx: ChainContext): Promise<void> {
  const seed = sqlLiteral(ctx.seed);
  const hours = Object.keys(HOUR_WEIGHTS).map(Number);
  const hourSlots = weightedSlots(hours, hours.map((h) => HOUR_WEIGHTS[h]), 100);
  await ctx.wh.exec(`
    CREATE MACRO u(a, salt) AS (hash(a::BIGINT, salt, ${seed}::BIGINT) >> 11)::DOUBLE / 9007199254740992.0;
    CREATE MACRO u2(a, b, salt) AS (hash(a::BIGINT, b::BIGINT, salt, ${seed}::BIGINT) >> 11)::DOUBLE / 9007199254740992.0;
    CREATE MACRO pick(list, x) AS list[1 + floor(x * len(list))::INTEGER];
    CREATE MACRO expo(a, salt) AS -ln(1 - u(a, salt));
    CREATE MACRO gamma2(a, salt) AS -(ln(1 - u2(a, 1, salt)) + ln(1 - u2(a, 2, salt))) / 2;
    CREATE MACRO gauss(a, salt) AS sqrt(-2 * ln(1 - u2(a, 1, salt))) * cos(2 * pi() * u2(a, 2, salt));

    CREATE MACRO day_date(d) AS DATE ${sqlLiteral(ctx.startDate)} + d::INTEGER;
    CREATE MACRO day_no(ts) AS (ts::DATE - DATE ${sqlLiteral(ctx.startDate)})::INTEGER;
    CREATE MACRO month_no(ts) AS (year(ts) * 12 + month(ts))::INTEGER;
    CREATE MACRO day_weight(d) AS
      ${sqlList([...WEEKDAY_FACTOR])}[isodow(day_date(d))]
      * ${sqlList([...MONTH_FACTOR])}[month(day_date(d))]
      * CASE WHEN month(day_date(d)) = 12 AND day(day_date(d)) >= ${NEW_YEAR_RUSH.fromDay}
             THEN ${NEW_YEAR_RUSH.factor} ELSE 1 END;
    CREATE MACRO time_of_day(k) AS to_seconds(
      pick(${sqlList(hourSlots)}, u(k, 'hour')) * 3600
      + floor(u(k, 'minute') * 60)::INTEGER * 60 + floor(u(k, 'second') * 60)::INTEGER);
    CREATE MACRO visit_ts(k, d) AS day_date(d)::TIMESTAMP + time_of_day(k);

    CREATE MACRO store_code(s) AS 'S' || lpad((s + 1)::VARCHAR, 3, '0');
    CREATE MACRO receipt_code(n) AS lpad(n::VARCHAR, 8, '0');
    CREATE MACRO customer_code(c) AS 'C' || lpad((c + 1)::VARCHAR, 8, '0');
    CREATE MACRO sku_code(i) AS (100001 + i)::VARCHAR;

    CREATE MACRO money(x) AS CAST(x AS DECIMAL(18,2));
    CREATE MACRO fmt_money(x, grouped) AS
      CASE WHEN x < 0 THEN '-' ELSE '' END
      || CASE WHEN grouped THEN replace(format('{:,}', trunc(abs(x))::BIGINT), ',', ' ')
              ELSE trunc(abs(x))::BIGINT::VARCHAR END
      || ',' || lpad(((abs(x) * 100)::BIGINT % 100)::VARCHAR, 2, '0');
    CREATE MACRO fmt_ts(ts) AS strftime(ts, '%d.%m.%Y %H:%M');
    CREATE MACRO fmt_date(d) AS strftime(d, '%d.%m.%Y');
    CREATE MACRO fmt_bool(b) AS CASE WHEN b THEN '1' WHEN NOT b THEN '0' END;
    CREATE MACRO iso_ts(ts) AS strftime(ts, '%Y-%m-%dT%H:%M:%S');
    CREATE MACRO iso_date(d) AS strftime(d, '%Y-%m-%d');
  `);
}
