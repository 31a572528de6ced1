/**
 * The customer base: a profile (partly filled, as real ones are), contacts and consents, a loyalty
 * card or two, and a hidden lifecycle (visit rate, churn day, win-back day) that drives the receipts.
 */
import type { ChainContext } from "./chain-context.js";
import {
  BONUS, CHANNEL_MIX, CITY_SPELLING_SHARE, CONSENT, EMAIL_DOMAINS, FEMALE_NAMES, FIELD_PRESENCE, LAST_NAMES,
  LIFECYCLE as L, MALE_NAMES, MOBILE_CODES, PETS, PHONE_PRESENCE, PROFILE_COMPLETENESS,
} from "./sample-params.js";
import { sqlCase, sqlList, sqlLiteral, weightedSlots } from "./sql-literals.js";

export async function buildCustomers(ctx: ChainContext): Promise<void> {
  await createCardMacro(ctx);
  await ctx.wh.exec(`CREATE TABLE customers AS ${lifecycleSql(ctx)}`);
  await ctx.wh.exec(`CREATE TABLE profiles AS ${profileSql(ctx)}`);
}

/** Card numbers are EAN-13 barcodes `2990` + 8 digits + check digit; a seeded permutation keeps them unique. */
async function createCardMacro(ctx: ChainContext): Promise<void> {
  // Written out digit by digit: a lambda over the digits would cost more than the rest of the customer.
  // The 12-digit body is stored in a column first; a macro argument is re-evaluated at every use.
  const weighted = Array.from({ length: 12 }, (_, p) => `(n12 // ${10 ** (11 - p)}) % 10 * ${p % 2 === 0 ? 1 : 3}`);
  await ctx.wh.exec(`
    CREATE MACRO ean13(n12) AS n12 * 10 + (10 - (${weighted.join(" + ")}) % 10) % 10;
    CREATE MACRO card_body(ix) AS
      2990 * 100000000::BIGINT + (ix::BIGINT * 73939133 + (hash(${sqlLiteral(ctx.seed)}::BIGINT, 'cards') % 100000000)::BIGINT) % 100000000;
  `);
}

function channelSlots(mix: Record<string, number>): string {
  const channels = Object.keys(mix);
  return sqlList(weightedSlots(channels, channels.map((c) => mix[c])));
}

/** Registration, card(s), visit rate (Gamma(2) around the mean), churn and win-back days. */
function lifecycleSql(ctx: ChainContext): string {
  const d = ctx.days;
  return `
    WITH a AS (
      SELECT i::INTEGER AS idx, u(i, 'registered_before') < ${L.registeredBefore} AS before, gamma2(i, 'rate') AS g
      FROM range(${ctx.customers}) t(i)
    ), b AS (
      SELECT *,
        CASE WHEN before THEN -(1 + floor(u(idx, 'reg_day') * ${L.preHistoryDays}))::INTEGER
             ELSE floor(${d} * pow(u(idx, 'reg_day'), ${L.registrationGrowth}))::INTEGER END AS reg_day,
        CASE WHEN before THEN pick(${channelSlots(CHANNEL_MIX.beforePeriod)}, u(idx, 'channel'))
             ELSE pick(${channelSlots(CHANNEL_MIX.inPeriod)}, u(idx, 'channel')) END AS channel,
        CASE WHEN u(idx, 'churns') < ${L.churnShare}
             THEN floor(expo(idx, 'lifetime') * ${L.meanLifetimeDays})::INTEGER END AS lifetime
      FROM a
    ), c AS (
      SELECT *,
        visit_ts(-1 - idx, reg_day) AS registered_at,
        reg_day + lifetime AS churn_day,
        NOT before AND channel <> 'till' AND u(idx, 'never_buys') < ${L.neverBuysShare} AS never_buys,
        CASE WHEN g > ${L.goldAbove} THEN 'gold' WHEN g > ${L.silverAbove} THEN 'silver' ELSE 'basic' END AS tier
      FROM b
    ), e AS (
      SELECT *,
        CASE WHEN churn_day IS NOT NULL AND u(idx, 'won_back') < ${L.wonBackShare}
             THEN churn_day + ${L.wonBackMinGapDays} + floor(expo(idx, 'won_back_gap') * ${L.wonBackMeanExtraGapDays})::INTEGER
        END AS won_back_day,
        NOT never_buys AND u(idx, 'second_card') < ${L.secondCardShare} AS has_card2,
        greatest(reg_day, 0) + floor(u(idx, 'card2_day') * (${d} - greatest(reg_day, 0)))::INTEGER AS card2_day,
        card_body(idx) AS card1_body,
        card_body(${ctx.customers} + idx) AS card2_body
      FROM c
    )
    SELECT idx,
      customer_code(idx) AS customer_id,
      reg_day, registered_at, channel, tier,
      ${sqlCase("tier", BONUS.earnPercent)} AS earn_percent,
      store_pick(u(idx, 'home_store')) AS home_store,
      least(g * ${L.meanVisitRate}, ${L.maxVisitRate}) AS rate,
      never_buys, churn_day, won_back_day,
      ean13(card1_body) AS card1,
      CASE WHEN has_card2 THEN ean13(card2_body) END AS card2,
      CASE WHEN has_card2 THEN greatest(registered_at, visit_ts(-1 - ${ctx.customers} - idx, card2_day)) END AS card2_at,
      CASE WHEN has_card2 THEN 'lost'
           WHEN u(idx, 'card_blocked') < ${L.blockedCardShare} THEN 'blocked'
           WHEN churn_day IS NOT NULL AND won_back_day IS NULL AND u(idx, 'card_closed') < ${L.closedCardShareOfChurned} THEN 'closed'
           ELSE 'active' END AS card1_status
    FROM e
    ORDER BY idx`;
}

/** Present with the field's base share, scaled by how complete this channel's profiles are. */
function present(field: keyof typeof FIELD_PRESENCE): string {
  return `u(c.idx, 'has_${field}') < ${FIELD_PRESENCE[field]} * ${sqlCase("c.channel", PROFILE_COMPLETENESS)}`;
}

function profileSql(ctx: ChainContext): string {
  const ru = (names: readonly (readonly [string, string])[]) => sqlList(names.map((n) => n[0]));
  const lat = (names: readonly (readonly [string, string])[]) => sqlList(names.map((n) => n[1]));
  const endDate = `DATE ${sqlLiteral(ctx.endDate)}`;
  const spelled = (col: string) => `CASE
      WHEN u(p.idx, 'city_spelling') < ${CITY_SPELLING_SHARE.prefixed} THEN 'г. ' || ${col}
      WHEN u(p.idx, 'city_spelling') < ${CITY_SPELLING_SHARE.prefixed + CITY_SPELLING_SHARE.lower} THEN lower(${col})
      WHEN u(p.idx, 'city_spelling') < ${CITY_SPELLING_SHARE.prefixed + CITY_SPELLING_SHARE.lower + CITY_SPELLING_SHARE.upper} THEN upper(${col})
      ELSE ${col} END`;
  return `
    WITH n AS (
      SELECT c.idx, c.channel, c.home_store,
        u(c.idx, 'female') < 0.58 AS female,
        1 + floor(u(c.idx, 'first_name') * ${MALE_NAMES.length})::INTEGER AS fn,
        1 + floor(u(c.idx, 'last_name') * ${LAST_NAMES.length})::INTEGER AS ln,
        pick(${sqlList([...MOBILE_CODES])}, u(c.idx, 'phone_code'))::VARCHAR AS code,
        lpad(floor(u(c.idx, 'phone_number') * 10000000)::VARCHAR, 7, '0') AS num,
        floor(u(c.idx, 'phone_shape') * 6)::INTEGER AS shape,
        u(c.idx, 'has_phone') < ${PHONE_PRESENCE} AS has_phone,
        ${present("email")} AS has_email,
        ${present("birth_date")} AS has_birth_date,
        ${present("gender")} AS has_gender,
        ${present("city")} AS has_city,
        ${present("children")} AS has_children,
        ${present("has_car")} AS has_car_answer,
        ${present("pets")} AS has_pets,
        ${present("home_store")} AS has_home_store
      FROM customers c
    ), p AS (
      SELECT n.*,
        CASE WHEN female THEN ${ru(FEMALE_NAMES)}[fn] ELSE ${ru(MALE_NAMES)}[fn] END AS first_name,
        ${ru(LAST_NAMES)}[ln] || CASE WHEN female THEN 'а' ELSE '' END AS last_name,
        CASE WHEN has_phone THEN CASE shape
          WHEN 0 THEN '+7 (' || code || ') ' || num[1:3] || '-' || num[4:5] || '-' || num[6:7]
          WHEN 1 THEN '8' || code || num
          WHEN 2 THEN '8-' || code || '-' || num[1:3] || '-' || num[4:5] || '-' || num[6:7]
          WHEN 3 THEN code || num
          WHEN 4 THEN '+7' || code || num
          ELSE '8 (' || code || ') ' || num[1:3] || ' ' || num[4:5] || ' ' || num[6:7] END
        END AS phone,
        CASE WHEN has_email THEN
          CASE WHEN female THEN ${lat(FEMALE_NAMES)}[fn] ELSE ${lat(MALE_NAMES)}[fn] END
          || pick(['.', '_', ''], u(idx, 'email_sep')) || ${lat(LAST_NAMES)}[ln] || CASE WHEN female THEN 'a' ELSE '' END
          || CASE WHEN u(idx, 'email_digits') < 0.5 THEN (10 + floor(u(idx, 'email_number') * 90)::INTEGER)::VARCHAR ELSE '' END
          || '@' || pick(${sqlList([...EMAIL_DOMAINS])}, u(idx, 'email_domain'))
        END AS email_lower
      FROM n
    )
    SELECT p.idx,
      first_name, last_name,
      CASE WHEN has_gender THEN CASE WHEN u(p.idx, 'gender_case') < 0.03 THEN upper(g) ELSE g END END AS gender,
      CASE WHEN has_birth_date THEN (${endDate} - to_years(18 + floor(62 * pow(u(p.idx, 'age'), 1.3))::INTEGER)
        - to_days(floor(u(p.idx, 'birth_day') * 365)::INTEGER))::DATE END AS birth_date,
      CASE WHEN has_city THEN ${spelled("s.city")} END AS city,
      phone,
      CASE WHEN u(p.idx, 'email_case') < 0.05 THEN upper(email_lower) ELSE email_lower END AS email,
      phone IS NOT NULL AND u(p.idx, 'consent_sms') < ${CONSENT.sms} AS consent_sms,
      email_lower IS NOT NULL AND u(p.idx, 'consent_email') < ${CONSENT.email} AS consent_email,
      u(p.idx, 'consent_push') < CASE WHEN p.channel IN ('app', 'wallet') THEN ${CONSENT.pushApp} ELSE ${CONSENT.pushOther} END AS consent_push,
      phone IS NOT NULL AND u(p.idx, 'consent_messenger') < ${CONSENT.messenger} AS consent_messenger,
      CASE WHEN has_children THEN pick([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3], u(p.idx, 'children')) END AS children,
      CASE WHEN has_car_answer THEN u(p.idx, 'has_car') < 0.45 END AS has_car,
      CASE WHEN has_pets THEN pick(${sqlList([...PETS])}, u(p.idx, 'pets')) END AS pets,
      CASE WHEN has_home_store THEN s.store_id END AS home_store_id
    FROM (SELECT *, CASE WHEN female THEN 'f' ELSE 'm' END AS g FROM p) p
    JOIN stores s ON s.idx = p.home_store
    ORDER BY p.idx`;
}
