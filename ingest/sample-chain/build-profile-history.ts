/**
 * What the profiles looked like before the platform changed them, and the customers' children.
 * `profile_changes(idx, kind, changed_at, old_tier, old_consent_sms, old_consent_email, old_pets)`:
 * customers.csv carries the old values (dated by registration), customers_updates.csv the profiles as
 * they are now (dated by the change), so after both are loaded every profile is the one the rest of
 * the chain was generated with. Customers whose row is damaged on purpose are left alone.
 * `children(idx, child_id, birth_date, gender)`: one row per child the profile counts.
 */
import type { ChainContext } from "./chain-context.js";
import { PROFILE_FIELDS } from "../../models/core/dim-customers.js";
import { PROFILE_HISTORY as H } from "./sample-params.js";

export async function buildProfileHistory(ctx: ChainContext): Promise<void> {
  const complete = PROFILE_FIELDS.map((f) => `p.${f} IS NOT NULL`).join(" AND ");
  // disjoint stretches of one draw, so a customer gets one change at most
  const within = (from: number, share: number) => `k >= ${from} AND k < ${from + share}`;
  // a change lands after the month of registration (and after the first month), so that each is a
  // move between two month ends; the day is drawn in what is left of the period
  await ctx.wh.exec(`
    CREATE TABLE profile_changes AS
    WITH eligible AS (
      SELECT c.idx, c.tier, p.consent_sms, p.consent_email, p.email IS NOT NULL AS has_email, p.pets,
        ${complete} AS complete,
        date_diff('day', DATE '${ctx.startDate}', date_trunc('month', greatest(c.registered_at, DATE '${ctx.startDate}')) + INTERVAL 1 MONTH) AS first_day,
        u(c.idx, 'history_kind') AS k
      FROM customers c JOIN profiles p ON p.idx = c.idx ANTI JOIN bad_customers b ON b.idx = c.idx
    ), kinds AS (
      SELECT *, CASE
          WHEN tier IN ('silver', 'gold') AND ${within(0, H.tierUp)} THEN 'tier_up'
          WHEN tier = 'basic' AND ${within(0, H.tierDown)} THEN 'tier_down'
          WHEN consent_sms AND ${within(0.3, H.consentGiven)} THEN 'consent_given'
          WHEN has_email AND NOT consent_email AND ${within(0.5, H.consentWithdrawn)} THEN 'consent_withdrawn'
          WHEN complete AND ${within(0.7, H.profileCompleted)} THEN 'profile_completed'
        END AS kind
      FROM eligible WHERE first_day < ${ctx.days}
    )
    SELECT idx, kind,
      day_date(first_day + floor(u(idx, 'history_day') * (${ctx.days} - first_day))::INTEGER)::TIMESTAMP + INTERVAL 10 HOUR AS changed_at,
      CASE kind WHEN 'tier_up' THEN CASE tier WHEN 'gold' THEN 'silver' ELSE 'basic' END WHEN 'tier_down' THEN 'silver' END AS old_tier,
      CASE WHEN kind = 'consent_given' THEN false END AS old_consent_sms,
      CASE WHEN kind = 'consent_withdrawn' THEN true END AS old_consent_email,
      kind = 'profile_completed' AS pets_filled_later
    FROM kinds WHERE kind IS NOT NULL ORDER BY idx`);
  await ctx.wh.exec(`
    CREATE TABLE children AS
    SELECT p.idx, k + 1 AS child_id,
      (DATE '${ctx.endDate}' - to_years(1 + floor(u(p.idx * 8 + k, 'child_age') * 17)::INTEGER)
        - to_days(floor(u(p.idx * 8 + k, 'child_day') * 365)::INTEGER))::DATE AS birth_date,
      CASE WHEN u(p.idx * 8 + k, 'child_gender') < 0.5 THEN 'f' ELSE 'm' END AS gender
    FROM (SELECT idx, unnest(range(children::BIGINT)) AS k FROM profiles WHERE children > 0) p
    ORDER BY p.idx, k`);
}

/** What the profile changes and children add up to, for _truth.json. */
export interface ProfileHistoryTruth {
  /** Tier moves by the month they happened in (each between two month ends). */
  tier_moves_by_month: { month: string; up: number; down: number }[];
  /** Changes in the last 30 days to the end date (the change day counted, 0..29 days back). */
  last_30_days: { tier_up: number; tier_down: number; consent_given: number; consent_withdrawn: number; profile_completed: number };
  children: number;
  /** Members with a child whose birthday is within the 7 days from the end date (0..7). */
  members_with_child_birthday_within_7_days: number;
}

export async function profileHistoryTruth(ctx: ChainContext): Promise<ProfileHistoryTruth> {
  const end = `DATE '${ctx.endDate}'`;
  const moves = await ctx.wh.all<{ month: string; up: number; down: number }>(`
    SELECT strftime(date_trunc('month', changed_at), '%Y-%m-%d') AS month,
      count(*) FILTER (WHERE kind = 'tier_up')::BIGINT AS up, count(*) FILTER (WHERE kind = 'tier_down')::BIGINT AS down
    FROM profile_changes WHERE kind LIKE 'tier_%' GROUP BY 1 ORDER BY 1`);
  const [recent] = await ctx.wh.all<ProfileHistoryTruth["last_30_days"]>(`
    SELECT ${["tier_up", "tier_down", "consent_given", "consent_withdrawn", "profile_completed"].map((k) => `count(*) FILTER (WHERE kind = '${k}')::BIGINT AS ${k}`).join(", ")}
    FROM profile_changes WHERE changed_at::DATE > ${end} - 30`);
  const [kids] = await ctx.wh.all<{ children: number; soon: number }>(`
    SELECT count(*)::BIGINT AS children, count(DISTINCT idx) FILTER (WHERE
      date_diff('day', ${end}, birth_date + to_years(date_diff('year', birth_date, ${end}) + (birth_date + to_years(date_diff('year', birth_date, ${end})) < ${end})::INT)) <= 7)::BIGINT AS soon
    FROM children`);
  return { tier_moves_by_month: moves, last_30_days: recent, children: kids.children, members_with_child_birthday_within_7_days: kids.soon };
}
