/**
 * Did the campaign work, by how much, and did it pay — measured against its control group.
 * For each campaign (of the feeds, or made by a delivered segment run: dim_campaigns), per arm over each member's window (response)
 * and the window plus `afterWindowDays` (money): response rate, revenue and receipts per member,
 * average check, bonuses and discounts given; the uplift of target over control with 95% confidence
 * intervals (two-proportion for response, Welch for revenue) and whether it is significant; then
 * incremental revenue = revenue uplift per member × target size, incremental margin (config
 * `marginRate`), cost = rewards redeemed + the campaign's own cost (the campaigns feed's `cost`,
 * taken to include its messages; without it, the messages feed's costs), ROI = (incremental margin − cost) / cost;
 * for win-back campaigns the share of the churned target that came back; the goal, when it is
 * machine-readable. A campaign without a control group is "not measurable": no uplift is invented.
 * Nothing after the build date is counted: a window still open is measured to that day
 * (`measured_to`) and its result is provisional (`window_complete` false) until the window closes.
 */
import type { Warehouse } from "../../src/db/warehouse.js";
import type { CodeModel, ModelContext } from "../model.js";
import { campaignMemberWindowsSql } from "./campaign-member-windows.js";
import { goalReached, parseGoal } from "./campaign-goal.js";
import { proportionUplift, welchUplift, type Uplift } from "./uplift-statistics.js";

interface ArmTotals {
  campaign_id: string;
  arm: "target" | "control";
  n: number;
  responders: number;
  /** null when some of the arm's receipts in the window have no amount. */
  revenue: number | null;
  revenue_sq: number | null;
  receipts: number;
  bonuses: number;
  discounts: number;
  /** Members the warehouse can link to a purchase at all (a customer id of the cards feed, or a card). */
  linked?: number;
}

/** What identifies a campaign in its results (dates as `YYYY-MM-DD`); reports read the same fields. */
export interface CampaignIdentity {
  campaign_id: string;
  name: string;
  mechanic: string | null;
  channel: string | null;
  start_date: string;
  end_date: string;
  window_end: string;
}

interface CampaignRow extends CampaignIdentity {
  /** The campaigns feed's cost, when it gives one. */
  campaign_cost: number | null;
  measured_to: string;
  window_complete: boolean;
  starts_after_data: boolean;
  goal: string | null;
  message_cost: number;
  reward_cost: number;
}

function armTotalsSql(after: number, ctx: ModelContext): string {
  const { ref } = ctx;
  return `WITH members AS (${campaignMemberWindowsSql(after, ctx)}),
    buyers AS (SELECT DISTINCT member_id FROM ${ref("fct_receipts")} WHERE member_id IS NOT NULL),
    outcomes AS (
      SELECT mb.campaign_id, mb.arm, mb.member_id, mb.member_id IN (SELECT member_id FROM buyers) AS linked,
        count(f.receipt_id) FILTER (WHERE NOT f.is_return AND f.receipt_date <= mb.end_date) > 0 AS responded,
        -- receipts without amounts (an event log) make the member's revenue unknown, not 0
        CASE WHEN count(f.receipt_id) = count(f.net_amount) THEN coalesce(sum(f.net_amount), 0) END AS revenue,
        count(f.receipt_id) FILTER (WHERE NOT f.is_return) AS receipts,
        coalesce(sum(f.bonus_earned), 0) AS bonuses, coalesce(sum(f.discount), 0) AS discounts
      FROM members mb LEFT JOIN ${ref("fct_receipts")} f
        ON f.member_id = mb.member_id AND f.receipt_date BETWEEN mb.start_date AND mb.window_end
      GROUP BY ALL
    )
    SELECT campaign_id, arm, count(*)::BIGINT AS n, count(*) FILTER (WHERE responded)::BIGINT AS responders,
      CASE WHEN count(revenue) = count(*) THEN sum(revenue) END::DOUBLE AS revenue,
      CASE WHEN count(revenue) = count(*) THEN sum(revenue * revenue) END::DOUBLE AS revenue_sq, sum(receipts)::DOUBLE AS receipts,
      sum(bonuses)::DOUBLE AS bonuses, sum(discounts)::DOUBLE AS discounts, count(*) FILTER (WHERE linked)::BIGINT AS linked
    FROM outcomes GROUP BY ALL`;
}

function campaignsSql(after: number, { asOf, ref }: ModelContext): string {
  return `SELECT c.campaign_id, c.name, c.mechanic, c.channel, strftime(c.start_date, '%Y-%m-%d') AS start_date,
      strftime(c.end_date, '%Y-%m-%d') AS end_date, strftime(c.end_date + INTERVAL ${after} DAY, '%Y-%m-%d') AS window_end,
      strftime(least((c.end_date + INTERVAL ${after} DAY)::DATE, DATE '${asOf}'), '%Y-%m-%d') AS measured_to,
      (c.end_date + INTERVAL ${after} DAY)::DATE <= DATE '${asOf}' AS window_complete, c.start_date > DATE '${asOf}' AS starts_after_data, c.goal,
      c.cost AS campaign_cost,
      coalesce((SELECT sum(cost) FROM ${ref("fct_messages")} m WHERE m.campaign_id = c.campaign_id), 0)::DOUBLE AS message_cost,
      coalesce((SELECT sum(value) FROM ${ref("fct_coupons")} k WHERE k.campaign_id = c.campaign_id AND k.redeemed_at IS NOT NULL), 0)::DOUBLE AS reward_cost
    FROM ${ref("dim_campaigns")} c`;
}

/** No member of either arm can be linked to any purchase: a 0 % response would be an artefact, not a result. */
const UNLINKED = "not measurable: no member can be linked to a purchase (members by customer id, receipts by card: is the cards feed loaded?)";

const NOT_STARTED = "not measurable: the campaign starts after the last day of data";

const verdictOf = (u: Uplift) => (!u.significant ? "no significant effect" : u.difference > 0 ? "significant uplift" : "significant loss");

export function campaignResultRow(c: CampaignRow, arms: ArmTotals[], ctx: ModelContext): Record<string, string | number | boolean | null> {
  const target = arms.find((a) => a.arm === "target");
  const control = arms.find((a) => a.arm === "control");
  const { marginRate, goals } = ctx.params.campaigns;
  const goalGiven = goals[c.campaign_id] ?? c.goal;
  const goal = parseGoal(goalGiven);
  // a structured goal is shown as its formal text
  const goalText = typeof goalGiven === "string" || !goalGiven ? goalGiven : `${goalGiven.metric} ${goalGiven.op} ${goalGiven.target}`;
  const base = {
    campaign_id: c.campaign_id, name: c.name, mechanic: c.mechanic, channel: c.channel, start_date: c.start_date, end_date: c.end_date,
    window_end: c.window_end, measured_to: c.measured_to, window_complete: c.window_complete,
    target_members: target?.n ?? 0, control_members: control?.n ?? 0,
    message_cost: c.message_cost, reward_cost: c.reward_cost, campaign_cost: c.campaign_cost,
    cost: (c.campaign_cost ?? c.message_cost) + c.reward_cost, margin_rate: marginRate ?? null, goal: goalText,
  };
  if (c.starts_after_data) return { ...base, measurable: false, verdict: NOT_STARTED, goal_status: "not evaluated" };
  if (!target || !control || target.n < 2 || control.n < 2) {
    return { ...base, measurable: false, verdict: "not measurable: no control group", goal_status: "not evaluated" };
  }
  if (target.linked === 0 && control.linked === 0) {
    return { ...base, measurable: false, verdict: UNLINKED, goal_status: "not evaluated" };
  }
  const response = proportionUplift({ n: target.n, successes: target.responders }, { n: control.n, successes: control.responders });
  // Without amounts (some receipts of the window have none) only the response can be measured.
  const priced = target.revenue !== null && control.revenue !== null && target.revenue_sq !== null && control.revenue_sq !== null;
  const revenue = priced
    ? welchUplift({ n: target.n, sum: target.revenue!, sumSquares: target.revenue_sq! }, { n: control.n, sum: control.revenue!, sumSquares: control.revenue_sq! })
    : undefined;
  const avgCheck = (a: ArmTotals) => (a.revenue !== null && a.receipts > 0 ? a.revenue / a.receipts : null);
  const incrementalRevenue = revenue ? revenue.difference * target.n : null;
  const incrementalMargin = marginRate === undefined || incrementalRevenue === null ? null : incrementalRevenue * marginRate;
  const cost = base.cost;
  const roi = incrementalMargin === null || cost === 0 ? null : (incrementalMargin - cost) / cost;
  const [checkT, checkC] = [avgCheck(target), avgCheck(control)];
  const actuals: Record<string, number | null> = {
    response_rate: response.target,
    response_uplift: response.difference,
    revenue_uplift: revenue?.difference ?? null,
    relative_revenue_uplift: revenue && revenue.control !== 0 ? revenue.difference / revenue.control : null,
    avg_check_change: checkT !== null && checkC ? checkT / checkC - 1 : null,
    relative_visits_uplift: target.receipts > 0 && control.receipts > 0 ? target.receipts / target.n / (control.receipts / control.n) - 1 : null,
    roi,
  };
  const goalActual = goal ? actuals[goal.metric] : null;
  return {
    ...base,
    measurable: true,
    verdict: verdictOf(response.significant || !revenue ? response : revenue),
    response_rate_target: response.target, response_rate_control: response.control,
    response_uplift: response.difference, response_uplift_low: response.low, response_uplift_high: response.high,
    response_p_value: response.pValue, response_significant: response.significant,
    revenue_per_member_target: revenue?.target ?? null, revenue_per_member_control: revenue?.control ?? null,
    revenue_uplift: revenue?.difference ?? null, revenue_uplift_low: revenue?.low ?? null, revenue_uplift_high: revenue?.high ?? null,
    relative_revenue_uplift: actuals.relative_revenue_uplift, revenue_p_value: revenue?.pValue ?? null, revenue_significant: revenue?.significant ?? null,
    receipts_per_member_target: target.receipts / target.n, receipts_per_member_control: control.receipts / control.n,
    avg_check_target: checkT, avg_check_control: checkC,
    bonuses_per_member_target: target.bonuses / target.n, bonuses_per_member_control: control.bonuses / control.n,
    discounts_per_member_target: target.discounts / target.n, discounts_per_member_control: control.discounts / control.n,
    incremental_revenue: incrementalRevenue, incremental_margin: incrementalMargin, roi,
    // win-back: the share of the (churned) target that bought again, beside the control's
    reactivated_share: /win.?back/i.test(c.mechanic ?? "") ? response.target : null,
    goal_metric: goal?.metric ?? null, goal_op: goal?.op ?? null, goal_target: goal?.target ?? null, goal_actual: goalActual,
    goal_status: !goal ? (goalText ? "not machine-readable" : "no goal") : goalActual === null ? "not evaluated" : goalReached(goal, goalActual) ? "reached" : "not reached",
  };
}

const COLUMNS = `campaign_id VARCHAR, name VARCHAR, mechanic VARCHAR, channel VARCHAR, start_date DATE, end_date DATE, window_end DATE,
  measured_to DATE, window_complete BOOLEAN,
  measurable BOOLEAN, verdict VARCHAR, target_members BIGINT, control_members BIGINT,
  response_rate_target DOUBLE, response_rate_control DOUBLE, response_uplift DOUBLE, response_uplift_low DOUBLE, response_uplift_high DOUBLE,
  response_p_value DOUBLE, response_significant BOOLEAN,
  revenue_per_member_target DOUBLE, revenue_per_member_control DOUBLE, revenue_uplift DOUBLE, revenue_uplift_low DOUBLE, revenue_uplift_high DOUBLE,
  relative_revenue_uplift DOUBLE, revenue_p_value DOUBLE, revenue_significant BOOLEAN,
  receipts_per_member_target DOUBLE, receipts_per_member_control DOUBLE, avg_check_target DOUBLE, avg_check_control DOUBLE,
  bonuses_per_member_target DOUBLE, bonuses_per_member_control DOUBLE, discounts_per_member_target DOUBLE, discounts_per_member_control DOUBLE,
  incremental_revenue DOUBLE, margin_rate DOUBLE, incremental_margin DOUBLE, reward_cost DOUBLE, message_cost DOUBLE, campaign_cost DOUBLE, cost DOUBLE, roi DOUBLE,
  reactivated_share DOUBLE, goal VARCHAR, goal_metric VARCHAR, goal_op VARCHAR, goal_target DOUBLE, goal_actual DOUBLE, goal_status VARCHAR`;

async function build(wh: Warehouse, ctx: ModelContext): Promise<{ warning?: string } | void> {
  const after = ctx.params.campaigns.afterWindowDays;
  const campaigns = await wh.all<CampaignRow>(campaignsSql(after, ctx));
  const arms = await wh.all<ArmTotals>(armTotalsSql(after, ctx));
  await wh.exec(`CREATE OR REPLACE TABLE mart_campaign_results (${COLUMNS})`);
  const armsOf = new Map<string, ArmTotals[]>();
  for (const a of arms) armsOf.set(a.campaign_id, [...(armsOf.get(a.campaign_id) ?? []), a]);
  const rows = campaigns.map((c) => campaignResultRow(c, armsOf.get(c.campaign_id) ?? [], ctx));
  await wh.insert("mart_campaign_results", rows);
  const warnings: string[] = [];
  const unlinked = rows.filter((r) => r.verdict === UNLINKED).map((r) => r.campaign_id);
  if (unlinked.length) warnings.push(`campaign(s) ${unlinked.join(", ")}: ${UNLINKED.replace("not measurable: ", "")}`);
  // a feed cost below what its messages cost alone cannot include them: say so rather than guess which is right
  const underCosted = campaigns.filter((c) => c.campaign_cost !== null && c.campaign_cost < c.message_cost);
  if (underCosted.length) {
    warnings.push(`campaign(s) ${underCosted.map((c) => `${c.campaign_id} (cost ${c.campaign_cost}, messages ${c.message_cost})`).join(", ")}: ` +
      "the campaigns feed's cost is below the messages' cost; ROI uses the feed's cost, which should include the messages");
  }
  if (warnings.length) return { warning: warnings.join("; ") };
}

export const martCampaignResults: CodeModel = {
  kind: "code",
  name: "mart_campaign_results",
  description: "Per campaign: target vs control response, revenue, receipts, check; uplift with 95% CIs and significance; incremental revenue, margin, cost, ROI; goal status.",
  layer: "mart",
  grain: ["campaign_id"],
  build,
  reads: (ctx) => [campaignsSql(0, ctx), armTotalsSql(0, ctx)],
  tests: [
    { kind: "accepted_values", column: "goal_status", values: ["reached", "not reached", "not evaluated", "not machine-readable", "no goal"] },
    {
      kind: "expression",
      name: "an uplift lies inside its interval",
      failingRows: () => "SELECT campaign_id FROM mart_campaign_results WHERE measurable AND NOT (response_uplift BETWEEN response_uplift_low AND response_uplift_high AND coalesce(revenue_uplift BETWEEN revenue_uplift_low AND revenue_uplift_high, revenue_uplift IS NULL))",
    },
  ],
};
