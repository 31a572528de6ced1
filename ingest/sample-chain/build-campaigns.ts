/**
 * Campaigns with a known true effect. Each picks its audience from the trips generated so far,
 * splits it into target and control by hash, and then makes extra purchases happen for target
 * members only: the non-responders of the target arm convert with probability lift / (1 - b),
 * where b is the audience's natural response rate, so the expected response lift is exactly `lift`.
 * Windows do not overlap, so no campaign's extra trips leak into another's measurement.
 */
import type { ChainContext } from "./chain-context.js";
import { addDays } from "./chain-context.js";
import { insertVisits, memberKey, SOURCE } from "./build-visits.js";
import { CAMPAIGNS, MESSAGE_COST, MESSAGE_RATES, type AudienceRule, type CampaignSpec } from "./sample-params.js";
import { sqlCase, sqlList, sqlLiteral } from "./sql-literals.js";

export interface CampaignOutcome {
  campaign_id: string;
  name: string;
  mechanic: string;
  start_date: string;
  end_date: string;
  audience_rule: string;
  control_share: number;
  true_effect: { metric: string; response_lift: number; follow_up_rate_factor: number };
  members: { target: number; control: number };
  natural_responders: { target: number; control: number };
  natural_response_rate: number;
  conversion_probability: number;
  converted_target_members: number;
  realised_lift: number;
  follow_up_receipts: number;
  response_rate: { target: number; control: number };
  observed_lift: number;
  coupon_points: number | null;
}

/** Resolved window of a campaign: day numbers [startDay, endDay) and the lookback scale. */
interface CampaignWindow {
  no: number;
  spec: CampaignSpec;
  startDay: number;
  endDay: number;
  start: string;
  end: string;
  /** Lookbacks shrink on short periods so that a 90-day chain still has audiences. */
  scale: number;
}

const RESPONSE_METRIC =
  "share of members with at least one sale (not a return) on their card in [start_date, end_date]";

export async function buildCampaigns(ctx: ChainContext): Promise<CampaignOutcome[]> {
  await ctx.wh.exec(`
    CREATE TABLE campaign_members (campaign_no INTEGER, cust INTEGER, arm VARCHAR, card BIGINT, route VARCHAR[],
      notified_at TIMESTAMP, responded BOOLEAN, converted BOOLEAN);
    CREATE TABLE messages (message_id VARCHAR, campaign_no INTEGER, cust INTEGER, channel VARCHAR, sent_at TIMESTAMP,
      delivered BOOLEAN, opened_at TIMESTAMP, clicked_at TIMESTAMP, cost DECIMAL(18,2));
    CREATE TABLE coupons (coupon_id VARCHAR, campaign_no INTEGER, cust INTEGER, card BIGINT, issued_at TIMESTAMP,
      valid_to DATE, window_end TIMESTAMP, value DECIMAL(18,2));
  `);
  const runs: { w: CampaignWindow; outcome: CampaignOutcome }[] = [];
  for (const w of campaignWindows(ctx)) {
    ctx.progress(`campaign ${w.spec.id}`);
    runs.push({ w, outcome: await runCampaign(ctx, w) });
  }
  await ctx.wh.exec(`
    CREATE TABLE campaigns AS
    SELECT c.no AS campaign_no, c.campaign_id, c.name, c.mechanic, c.channel, c.start_date, c.end_date, c.control_share,
      coalesce((SELECT sum(cost) FROM messages m WHERE m.campaign_no = c.no), 0)::DECIMAL(18,2) AS cost, c.goal
    FROM (VALUES ${runs.map(({ w, outcome }) => campaignRow(w, outcome)).join(", ")})
      AS c(no, campaign_id, name, mechanic, channel, start_date, end_date, control_share, goal)`);
  return runs.map((r) => r.outcome);
}

function campaignRow(w: CampaignWindow, o: CampaignOutcome): string {
  const text = [o.campaign_id, o.name, o.mechanic, w.spec.channels[0]].map(sqlLiteral).join(", ");
  return `(${w.no}, ${text}, DATE ${sqlLiteral(o.start_date)}, DATE ${sqlLiteral(o.end_date)},
    ${o.control_share}::DECIMAL(18,2), ${sqlLiteral(w.spec.goal)})`;
}

function campaignWindows(ctx: ChainContext): CampaignWindow[] {
  return CAMPAIGNS.map((spec, no) => {
    const startDay = ctx.days - spec.startsDaysBeforeEnd;
    const endDay = startDay + spec.lengthDays;
    return {
      no, spec, startDay, endDay,
      start: addDays(ctx.startDate, startDay),
      end: addDays(ctx.startDate, endDay),
      scale: Math.min(1, startDay / 180),
    };
  });
}

function scaled(w: CampaignWindow, days: number): number {
  return Math.max(7, Math.round(days * w.scale));
}

/**
 * The audience condition over `h` (purchase history before the start: `n` purchases, the last at
 * `last_ts`, `n_recent` of them in the last `lookback` days) and `p` (the profile).
 */
function audienceSql(w: CampaignWindow, rule: AudienceRule): { where: string; text: string; lookback: number } {
  const start = `TIMESTAMP ${sqlLiteral(w.start)}`;
  switch (rule.kind) {
    case "lapsed": {
      const inactive = scaled(w, rule.inactiveDays);
      return {
        where: `h.n >= ${rule.minSales} AND h.last_ts < ${start} - to_days(${inactive})`,
        text: `at least ${rule.minSales} purchases and none in the ${inactive} days before the start`,
        lookback: 0,
      };
    }
    case "lapsing": {
      const from = scaled(w, rule.lastSaleFromDays);
      const to = Math.min(from - 1, scaled(w, rule.lastSaleToDays));
      return {
        where: `h.n >= ${rule.minSales} AND h.last_ts >= ${start} - to_days(${from}) AND h.last_ts < ${start} - to_days(${to})`,
        text: `at least ${rule.minSales} purchases, the last one ${to}..${from} days before the start`,
        lookback: 0,
      };
    }
    case "loyal": {
      const lookback = scaled(w, rule.lookbackDays);
      return {
        where: `h.n_recent >= ${rule.minSales}`,
        text: `at least ${rule.minSales} purchases in the ${lookback} days before the start`,
        lookback,
      };
    }
    case "birthday": {
      const days = Array.from({ length: w.spec.lengthDays }, (_, i) => addDays(w.start, i).slice(5));
      return {
        where: `strftime(p.birth_date, '%m-%d') IN (${days.map(sqlLiteral).join(", ")})`,
        text: "birthday (month and day of the profile's birth date) inside the window",
        lookback: 0,
      };
    }
  }
}

async function runCampaign(ctx: ChainContext, w: CampaignWindow): Promise<CampaignOutcome> {
  const audience = audienceSql(w, w.spec.audience);
  await insertMembers(ctx, w, audience);
  const before = await armCounts(ctx, w);
  const audienceSize = before.target.n + before.control.n;
  const natural = before.target.responded + before.control.responded;
  const baseline = audienceSize ? natural / audienceSize : 0;
  const conversion = baseline < 1 ? Math.min(1, w.spec.responseLift / (1 - baseline)) : 0;
  await ctx.wh.exec(`
    UPDATE campaign_members SET converted = arm = 'target' AND NOT responded
      AND u(cust, ${sqlLiteral(`convert_${w.spec.id}`)}) < ${conversion}
    WHERE campaign_no = ${w.no}`);
  await insertCampaignVisits(ctx, w);
  await insertMessages(ctx, w);
  if (w.spec.couponPoints !== null) await insertCoupons(ctx, w, w.spec.couponPoints);
  const after = await armCounts(ctx, w);
  const [{ follow_ups }] = await ctx.wh.all<{ follow_ups: number }>(
    `SELECT count(*)::BIGINT AS follow_ups FROM visits WHERE source = ${SOURCE.followUp + w.no}`,
  );
  const rate = (a: { n: number; responded: number }) => (a.n ? a.responded / a.n : 0);
  return {
    campaign_id: w.spec.id,
    name: w.spec.name,
    mechanic: w.spec.mechanic,
    start_date: w.start,
    end_date: addDays(w.end, -1),
    audience_rule: `${audience.text}; registered before the start; consented to at least one of ${w.spec.channels.join(", ")}`,
    control_share: w.spec.controlShare,
    true_effect: { metric: RESPONSE_METRIC, response_lift: w.spec.responseLift, follow_up_rate_factor: w.spec.followUpRateFactor },
    members: { target: before.target.n, control: before.control.n },
    natural_responders: { target: before.target.responded, control: before.control.responded },
    natural_response_rate: round(baseline),
    conversion_probability: round(conversion),
    converted_target_members: after.target.converted,
    realised_lift: round(before.target.n ? after.target.converted / before.target.n : 0),
    follow_up_receipts: follow_ups,
    response_rate: { target: round(rate(after.target)), control: round(rate(after.control)) },
    observed_lift: round(rate(after.target) - rate(after.control)),
    coupon_points: w.spec.couponPoints,
  };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

async function insertMembers(ctx: ChainContext, w: CampaignWindow, audience: { where: string; lookback: number }): Promise<void> {
  const start = `TIMESTAMP ${sqlLiteral(w.start)}`;
  const end = `TIMESTAMP ${sqlLiteral(w.end)}`;
  await ctx.wh.exec(`
    INSERT INTO campaign_members
    WITH h AS (
      SELECT cust, count(*) AS n, max(ts) AS last_ts,
        count(*) FILTER (WHERE ts >= ${start} - to_days(${audience.lookback})) AS n_recent
      FROM visits WHERE cust IS NOT NULL AND ts < ${start} GROUP BY cust
    ), responders AS (
      SELECT DISTINCT cust FROM visits WHERE cust IS NOT NULL AND ts >= ${start} AND ts < ${end}
    ), a AS (
      SELECT c.idx AS cust,
        CASE WHEN u(c.idx, ${sqlLiteral(`arm_${w.spec.id}`)}) < ${w.spec.controlShare} THEN 'control' ELSE 'target' END AS arm,
        CASE WHEN c.card2 IS NOT NULL AND c.card2_at <= ${start} THEN c.card2 ELSE c.card1 END AS card,
        list_filter(${sqlList([...w.spec.channels])}, ch -> CASE ch WHEN 'sms' THEN p.consent_sms
          WHEN 'email' THEN p.consent_email WHEN 'push' THEN p.consent_push ELSE p.consent_messenger END) AS route
      FROM customers c JOIN profiles p ON p.idx = c.idx LEFT JOIN h ON h.cust = c.idx
      WHERE c.registered_at < ${start} AND ${audience.where}
    )
    SELECT ${w.no}, a.cust, arm, card, route,
      CASE WHEN arm = 'target'
        THEN ${start} + to_seconds(36000 + floor(u(a.cust, ${sqlLiteral(`sent_${w.spec.id}`)}) * 7200)::INTEGER) END,
      r.cust IS NOT NULL, false
    FROM a LEFT JOIN responders r ON r.cust = a.cust
    WHERE len(route) > 0`);
}

async function armCounts(ctx: ChainContext, w: CampaignWindow) {
  const rows = await ctx.wh.all<{ arm: string; n: number; responded: number; converted: number }>(`
    SELECT arm, count(*)::BIGINT AS n, count(*) FILTER (WHERE responded OR converted)::BIGINT AS responded,
      count(*) FILTER (WHERE converted)::BIGINT AS converted
    FROM campaign_members WHERE campaign_no = ${w.no} GROUP BY arm`);
  const get = (arm: string) => rows.find((r) => r.arm === arm) ?? { n: 0, responded: 0, converted: 0 };
  return { target: get("target"), control: get("control") };
}

/** One campaign-made purchase per converted member (after the start day), and the follow-up habit. */
async function insertCampaignVisits(ctx: ChainContext, w: CampaignWindow): Promise<void> {
  const source = SOURCE.campaign + w.no;
  const key = memberKey("m.cust", String(source), "0");
  await ctx.wh.exec(`
    INSERT INTO visits
    SELECT ${key}, m.cust, c.home_store,
      visit_ts(${key}, ${w.startDay + 1} + floor(${w.spec.lengthDays - 1} * pow(u(${key}, 'campaign_day'), 1.5))::INTEGER),
      ${source}
    FROM campaign_members m JOIN customers c ON c.idx = m.cust
    WHERE m.campaign_no = ${w.no} AND m.converted`);
  if (w.spec.followUpRateFactor > 0) {
    await insertVisits(ctx, `
      SELECT m.cust, ${SOURCE.followUp + w.no} AS seg, ${w.endDay} AS d0, ${ctx.days} AS d1,
        c.rate * ${w.spec.followUpRateFactor} AS rate, c.home_store
      FROM campaign_members m JOIN customers c ON c.idx = m.cust
      WHERE m.campaign_no = ${w.no} AND m.converted`);
  }
}

/** A cascade: the first consented channel; if undelivered, the next one an hour later. */
async function insertMessages(ctx: ChainContext, w: CampaignWindow): Promise<void> {
  const id = w.spec.id;
  const salt = (what: string) => sqlLiteral(`${what}_${id}`);
  const rateOf = (k: "delivered" | "opened" | "clicked") =>
    sqlCase("channel", Object.fromEntries(Object.entries(MESSAGE_RATES).map(([ch, r]) => [ch, r[k]])), 0);
  await ctx.wh.exec(`
    INSERT INTO messages
    WITH first AS (
      SELECT cust, 1 AS step, route[1] AS channel, route[2] AS fallback, notified_at AS sent_at
      FROM campaign_members WHERE campaign_no = ${w.no} AND arm = 'target'
    ), first_out AS (
      SELECT *, u2(cust, step, ${salt("delivered")}) < ${rateOf("delivered")} AS delivered FROM first
    ), second AS (
      SELECT cust, 2 AS step, fallback AS channel, NULL AS fallback, sent_at + INTERVAL 1 HOUR AS sent_at
      FROM first_out WHERE NOT delivered AND fallback IS NOT NULL
    ), sent AS (
      SELECT cust, step, channel, sent_at, delivered FROM first_out
      UNION ALL
      SELECT cust, step, channel, sent_at, u2(cust, step, ${salt("delivered")}) < ${rateOf("delivered")} FROM second
    ), opened AS (
      SELECT *, CASE WHEN delivered AND u2(cust, step, ${salt("opened")}) < ${rateOf("opened")}
        THEN sent_at + to_seconds(60 + floor(-ln(1 - u2(cust, step, ${salt("open_delay")})) * 7200)::INTEGER) END AS opened_at
      FROM sent
    )
    SELECT 'MSG-' || ${sqlLiteral(id.replace(/\D/g, ""))} || '-' || customer_code(o.cust) || '-' || o.step,
      ${w.no}, o.cust, o.channel, o.sent_at, o.delivered, o.opened_at,
      CASE WHEN o.opened_at IS NOT NULL AND u2(o.cust, o.step, ${salt("clicked")}) < ${rateOf("clicked")}
        THEN o.opened_at + to_seconds(10 + floor(u2(o.cust, o.step, ${salt("click_delay")}) * 600)::INTEGER) END,
      ${sqlCase("o.channel", MESSAGE_COST)}::DECIMAL(18,2)
    FROM opened o`);
}

async function insertCoupons(ctx: ChainContext, w: CampaignWindow, points: number): Promise<void> {
  await ctx.wh.exec(`
    INSERT INTO coupons
    SELECT 'CPN-' || ${sqlLiteral(w.spec.id.replace(/\D/g, ""))} || '-' || customer_code(cust),
      ${w.no}, cust, card, notified_at, DATE ${sqlLiteral(addDays(w.end, -1))}, TIMESTAMP ${sqlLiteral(w.end)}, ${points}
    FROM campaign_members WHERE campaign_no = ${w.no} AND arm = 'target'`);
}
