import type { SqlModel } from "../model.js";

/**
 * The economics of each lifecycle stage, month by month: the members in a CVM stage at the month's
 * end (mart_cvm_monthly, as mart_bonus_use groups them) and what they did in that month — buyers
 * (members with a sale), sales receipts, revenue net of returns, the average check (revenue /
 * receipts), the frequency (receipts per buyer), the mean days since the last purchase at the
 * month's end (members who never bought have none), and the bonus points and discounts their
 * receipts spent. A stage at the month's end partly follows from the month: a member who bought in
 * it is seldom pre-churn or churned at its end, so those stages show the revenue that slipped away
 * rather than a low check. The last month ends at the build date; receipts after it do not count.
 */
export const martStageEconomics: SqlModel = {
  kind: "sql",
  name: "mart_stage_economics",
  description: "Per CVM stage at each month end: members, buyers, receipts, revenue, average check, frequency, recency, bonuses and discounts of the month.",
  layer: "mart",
  grain: ["as_of", "stage"],
  sql: ({ asOf, ref }) => `WITH spend AS (
        SELECT member_id, date_trunc('month', receipt_date)::DATE AS period_start,
          count(*) FILTER (WHERE NOT is_return) AS receipts, sum(net_amount) AS revenue,
          sum(bonus_spent) AS bonus_spent, sum(discount) AS discounts, max(receipt_date) FILTER (WHERE NOT is_return) AS last_purchase
        FROM ${ref("fct_receipts")} WHERE is_identified AND receipt_date <= DATE '${asOf}'
        GROUP BY ALL
      ),
      members AS (
        -- a member's month ends run without a gap from the month of their registration or first purchase,
        -- so their last purchase by a month's end is the latest of their months' last purchases so far
        -- (a running max over their months: cheaper than an ASOF join to the 20M purchase days)
        SELECT c.as_of, c.stage, s.receipts, s.revenue, s.bonus_spent, s.discounts,
          date_diff('day', max(s.last_purchase) OVER (PARTITION BY c.member_id ORDER BY c.as_of ROWS UNBOUNDED PRECEDING), c.as_of) AS days_since_last
        FROM ${ref("mart_cvm_monthly")} c
        LEFT JOIN spend s ON s.member_id = c.member_id AND s.period_start = date_trunc('month', c.as_of)
      )
      SELECT as_of, stage, count(*) AS members, count(*) FILTER (WHERE receipts > 0) AS buyers,
        coalesce(sum(receipts), 0) AS receipts, coalesce(sum(revenue), 0) AS revenue,
        sum(revenue) / nullif(sum(receipts), 0) AS avg_check, sum(receipts) / nullif(buyers, 0) AS frequency,
        avg(days_since_last) AS avg_days_since_last,
        coalesce(sum(bonus_spent), 0) AS bonus_spent, coalesce(sum(discounts), 0) AS discounts
      FROM members GROUP BY ALL`,
};
