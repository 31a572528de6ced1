import type { SqlModel } from "../model.js";
import { campaignMemberWindowsSql } from "./campaign-member-windows.js";
import { answers, messageWindowsSql } from "./message-response.js";

/**
 * Does the programme pay for itself: by month, what it cost against what it brought.
 *
 * Cost, in money, of four parts:
 * - points: those redeemed in the month and the change of the liability (points owed at the month's
 *   end less at the previous month's end), both × `models.bonus.pointValue`. Together they are the
 *   points granted less those that expired: a point costs when it is given, and its redemption only
 *   moves it from the liability to the till. Without a point value the points stay points and every
 *   money figure built on them is empty, never points taken for roubles;
 * - discounts on members' receipts (those with a card), net of returns: a return gives the
 *   discount of what it takes back, as it does the revenue;
 * - messages: their cost in the messages feed (mart_communications: a message without a cost counts
 *   as free, as on the Campaigns page);
 * - coupons: nothing of their own. A coupon's reward reaches the programme as points credited on the
 *   receipt that redeems it (the sample chain does so: bonus_earned includes the coupon's points) or as
 *   that receipt's discount, so its cost is already in the lines above; adding its face value would
 *   count it twice, and the coupons feed holds no other cost (a campaign's own costs are the campaigns
 *   feed's, outside this page). The coupons redeemed are counted beside the money, for reading it.
 *
 * Brought, never mixed:
 * - measured: the incremental margin of every campaign a control group measures (mart_campaign_results),
 *   spread over the calendar days of its measured window (first day to `measured_to`) and given to each
 *   month in proportion to its days there. A month no campaign measures has a measured 0: nothing was
 *   proved, and nothing is assumed; a measured campaign without a margin (no `marginRate`, receipts
 *   without amounts) leaves its months' figure unknown (NULL);
 * - estimated, only with `models.payback.estimatedIncrementalShare`: that share × `marginRate` × the
 *   revenue (net of returns) of members' receipts outside the money windows of measured campaigns'
 *   target groups, where a control group measures the effect instead. Absent: NULL.
 *
 * Net = measured − cost, and measured + estimated − cost; NULL when a part is unknown.
 *
 * Beside them, sales revenue (returns not subtracted) of members' receipts, of those partly paid with
 * points (`bonus_spent` > 0) and of those made by members reached by a mailing: a sale inside the
 * window of a delivered campaign message (the Campaigns page's response rule, message-response.ts).
 * A month with receipts lacking amounts has its revenue figures unknown.
 */
export const martProgrammePayback: SqlModel = {
  kind: "sql",
  name: "mart_programme_payback",
  description: "By month: the programme's cost (points redeemed and the liability change at the point value, members' discounts, messages) against its measured incremental margin and, if configured, an estimate; the net; revenue paid partly with points and of members reached by a mailing.",
  layer: "mart",
  grain: ["period_start"],
  sql: (ctx) => {
    const { asOf, ref, params } = ctx;
    const pointValue = params.bonus.pointValue;
    const { marginRate } = params.campaigns;
    const share = params.payback.estimatedIncrementalShare;
    const valued = (points: string) => (pointValue === undefined ? "NULL::DOUBLE" : `(${points}) * ${pointValue}`);
    const estimateRate = share === undefined || marginRate === undefined ? "NULL::DOUBLE" : `${share} * ${marginRate}`;
    // a month's revenue is known only when every receipt of it has an amount
    const known = (sum: string) => `CASE WHEN count(net_amount) = count(*) THEN coalesce(${sum}, 0) END`;
    // a month without rows in a part has 0 of it; a month with rows keeps what they say, unknown included
    const orZero = (part: string, column: string) => `CASE WHEN ${part}.period_start IS NULL THEN 0 ELSE ${part}.${column} END`;
    return `WITH measured AS (
        SELECT campaign_id, start_date, measured_to, incremental_margin, NOT window_complete AS provisional
        FROM ${ref("mart_campaign_results")} WHERE measurable
      ),
      measured_targets AS (
        SELECT w.member_id, w.start_date, w.window_end FROM (${campaignMemberWindowsSql(params.campaigns.afterWindowDays, ctx)}) w
        SEMI JOIN measured USING (campaign_id) WHERE w.arm = 'target'
      ),
      reaching AS (SELECT customer_id, sent_at, window_end FROM (${messageWindowsSql(ctx)}) WHERE delivered AND window_end IS NOT NULL),
      -- which receipts answer a message and which fall in a measured target's money window depends on
      -- their member, day and kind only: the few such keys, joined to the receipts by hash (an EXISTS
      -- per receipt made DuckDB deduplicate and mark-join all 21M of them twice)
      reached AS (
        SELECT DISTINCT r.member_id, r.receipt_date, r.is_return
        FROM ${ref("fct_receipts")} r JOIN reaching m ON m.customer_id = r.member_id AND ${answers("m", "r")}
      ),
      in_measured_window AS (
        SELECT DISTINCT r.member_id, r.receipt_date
        FROM ${ref("fct_receipts")} r JOIN measured_targets t ON t.member_id = r.member_id AND r.receipt_date BETWEEN t.start_date AND t.window_end
      ),
      receipts AS (
        SELECT date_trunc('month', r.receipt_date)::DATE AS period_start, r.is_return, r.net_amount, r.gross_amount, r.bonus_spent,
          CASE WHEN r.is_return THEN -r.discount ELSE r.discount END AS discount,
          a.member_id IS NOT NULL AS reached, w.member_id IS NOT NULL AS in_measured_window
        FROM ${ref("fct_receipts")} r
          LEFT JOIN reached a ON a.member_id = r.member_id AND a.receipt_date = r.receipt_date AND a.is_return = r.is_return
          LEFT JOIN in_measured_window w ON w.member_id = r.member_id AND w.receipt_date = r.receipt_date
        WHERE r.is_identified AND r.receipt_date <= DATE '${asOf}'
      ),
      members AS (
        SELECT period_start, sum(discount) AS member_discounts,
          ${known("sum(gross_amount)")} AS members_sales_revenue,
          ${known("sum(gross_amount) FILTER (WHERE bonus_spent > 0 AND NOT is_return)")} AS bonus_paid_revenue,
          ${known("sum(gross_amount) FILTER (WHERE reached)")} AS reached_revenue,
          ${known("sum(net_amount) FILTER (WHERE NOT in_measured_window)")} AS unmeasured_revenue
        FROM receipts GROUP BY ALL
      ),
      campaign_months AS (
        SELECT *, (date_diff('day', greatest(period_start, start_date), least(last_day(period_start), measured_to)) + 1)::DOUBLE
          / (date_diff('day', start_date, measured_to) + 1) AS part
        FROM (SELECT *, unnest(generate_series(date_trunc('month', start_date), date_trunc('month', measured_to), INTERVAL 1 MONTH))::DATE AS period_start FROM measured)
      ),
      campaigns AS (
        SELECT period_start, count(*) AS measured_campaigns, bool_or(provisional) AS measured_provisional,
          CASE WHEN count(incremental_margin) = count(*) THEN sum(incremental_margin * part) END AS incremental_margin_measured
        FROM campaign_months GROUP BY ALL
      ),
      messages AS (SELECT period_start, sum(cost) AS message_cost FROM ${ref("mart_communications")} WHERE campaign_id = '(all)' GROUP BY ALL),
      coupons AS (SELECT period_start, sum(redeemed_in_month) AS coupons_redeemed FROM ${ref("mart_coupons")} GROUP BY ALL),
      months AS (
        SELECT unnest(generate_series(min(period_start), date_trunc('month', DATE '${asOf}'), INTERVAL 1 MONTH))::DATE AS period_start FROM (
          SELECT period_start FROM members UNION ALL SELECT period_start FROM campaigns UNION ALL SELECT period_start FROM messages
          UNION ALL SELECT period_start FROM coupons UNION ALL SELECT period_start FROM ${ref("mart_bonus_monthly")}
        )
      ),
      points AS (
        SELECT m.period_start, coalesce(b.redeemed, 0) AS points_redeemed,
          -- the liability of a month without movements is the previous month's
          coalesce(last_value(b.liability IGNORE NULLS) OVER (ORDER BY m.period_start), 0) AS liability_points
        FROM months m LEFT JOIN ${ref("mart_bonus_monthly")} b USING (period_start)
      ),
      monthly AS (
        SELECT p.period_start, p.points_redeemed, p.liability_points,
          p.liability_points - coalesce(lag(p.liability_points) OVER (ORDER BY p.period_start), 0) AS liability_change_points,
          coalesce(r.member_discounts, 0) AS member_discounts, coalesce(s.message_cost, 0) AS message_cost,
          coalesce(k.coupons_redeemed, 0) AS coupons_redeemed,
          coalesce(c.measured_campaigns, 0) AS measured_campaigns, coalesce(c.measured_provisional, false) AS measured_provisional,
          ${orZero("c", "incremental_margin_measured")} AS incremental_margin_measured,
          ${orZero("r", "unmeasured_revenue")} * ${estimateRate} AS incremental_margin_estimated,
          ${orZero("r", "members_sales_revenue")} AS members_sales_revenue, ${orZero("r", "bonus_paid_revenue")} AS bonus_paid_revenue,
          ${orZero("r", "reached_revenue")} AS reached_revenue
        FROM points p LEFT JOIN members r USING (period_start) LEFT JOIN campaigns c USING (period_start)
          LEFT JOIN messages s USING (period_start) LEFT JOIN coupons k USING (period_start)
      ),
      costed AS (
        SELECT *, ${valued("points_redeemed + liability_change_points")} + member_discounts + message_cost AS cost FROM monthly
      )
      SELECT period_start, ${pointValue ?? "NULL"}::DOUBLE AS point_value,
        points_redeemed::DOUBLE AS points_redeemed, ${valued("points_redeemed")}::DOUBLE AS redeemed_value,
        liability_points::DOUBLE AS liability_points, liability_change_points::DOUBLE AS liability_change_points,
        ${valued("liability_change_points")}::DOUBLE AS liability_change_value,
        member_discounts::DOUBLE AS member_discounts, message_cost::DOUBLE AS message_cost, coupons_redeemed::BIGINT AS coupons_redeemed,
        cost::DOUBLE AS cost, measured_campaigns::BIGINT AS measured_campaigns, measured_provisional,
        incremental_margin_measured::DOUBLE AS incremental_margin_measured, incremental_margin_estimated::DOUBLE AS incremental_margin_estimated,
        (incremental_margin_measured - cost)::DOUBLE AS net_measured,
        (incremental_margin_measured + incremental_margin_estimated - cost)::DOUBLE AS net_with_estimate,
        members_sales_revenue::DOUBLE AS members_sales_revenue, bonus_paid_revenue::DOUBLE AS bonus_paid_revenue, reached_revenue::DOUBLE AS reached_revenue
      FROM costed`;
  },
  tests: [
    {
      kind: "expression",
      name: "revenue paid with points, and of members reached, is part of members' sales revenue",
      failingRows: () => `SELECT period_start FROM mart_programme_payback
        WHERE bonus_paid_revenue > members_sales_revenue + 1e-6 OR reached_revenue > members_sales_revenue + 1e-6`,
    },
  ],
};
