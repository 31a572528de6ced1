import type { SqlModel } from "../model.js";

/**
 * The monthly series the diagnosis of the month tests: one value per month, dimension, cell and
 * metric, with what a unit of it is worth in money (`unit_value`, for the size of an effect) and the
 * cell it is compared with (`reference_dimension`, `reference_cell`: the chain, or the category as a
 * whole for a category within a lifecycle stage). Complete months only; a member's stage and
 * home city are those at the end of the month before (as the revenue decomposition groups them), so
 * a month's moves do not regroup its members.
 *
 * Metrics and the cells they are measured in:
 * - `revenue` (net of returns), `buyers` (members with a sale), `avg_check` (revenue per sales
 *   receipt), `visits_per_buyer` — level metrics, compared with the reference by their ratio to the
 *   month before: by store and city (all receipts for revenue and check, members for the rest), by
 *   registration channel and lifecycle stage (members), by RFM segment at the end of the month before
 *   (sales revenue, as mart_segment_revenue_factors groups it), by category (line amounts net of returns,
 *   buyers of the category);
 * - `identified_share` (sales receipts with a card) by store and city;
 * - `pre_churn_inflow` by home city (the profile's home store, or else the store of most of the
 *   member's sales): of the members active at the end of the month before (new,
 *   developing, loyal, won back), those in pre-churn or churned at this month's end — pre-churn
 *   growing, counted where it starts (with BG/NBD's P(alive) a frequent buyer who stops can pass
 *   pre-churn within a month and be churned at the next month end);
 * - `penetration` (buyers of a category among the stage's buyers) by category × stage, against the
 *   category's penetration among all buyers.
 */
export const martDiagnosisCells: SqlModel = {
  kind: "sql",
  name: "mart_diagnosis_cells",
  description: "Monthly series per dimension, cell and metric (revenue and its factors, identified share, pre-churn share, category penetration) that the diagnosis of the month tests.",
  layer: "mart",
  grain: ["period_start", "dimension", "cell", "metric"],
  sql: ({ asOf, ref }) => `WITH store_buyers AS (
        -- one row per month, store and member (anonymous receipts together per store): what every cell below sums,
        -- so the receipts are read once
        SELECT date_trunc('month', receipt_date)::DATE AS period_start, store_id, CASE WHEN is_identified THEN member_id END AS member_id,
          sum(net_amount) AS revenue, count(*) FILTER (WHERE NOT is_return) AS receipts, bool_or(NOT is_return) AS bought
        FROM ${ref("fct_receipts")} WHERE receipt_date < date_trunc('month', DATE '${asOf}' + INTERVAL 1 DAY)
        GROUP BY ALL
      ),
      member_months AS (
        SELECT m.*, coalesce(d.registration_channel, '(нет)') AS channel, coalesce(st.stage, '(нет)') AS stage
        FROM (SELECT period_start, member_id, sum(revenue) AS revenue, sum(receipts) AS receipts, bool_or(bought) AS bought
              FROM store_buyers WHERE member_id IS NOT NULL GROUP BY ALL) m
        LEFT JOIN ${ref("dim_customers")} d ON d.customer_id = m.member_id
        LEFT JOIN ${ref("mart_cvm_monthly")} st ON st.member_id = m.member_id AND date_trunc('month', st.as_of) = m.period_start - INTERVAL 1 MONTH
      ),
      -- revenue and check over all receipts, buyers and visits over members' (a cell's anonymous buyers are not people);
      -- each member summed to one row per cell first (a store's rows already are, the chain's are member_months), so buyers
      -- are counted without a DISTINCT
      store_city AS (
        SELECT period_start, dimension, cell, sum(revenue) AS revenue, sum(receipts) AS receipts,
          sum(receipts) FILTER (WHERE member_id IS NOT NULL) AS identified,
          count(*) FILTER (WHERE bought AND member_id IS NOT NULL) AS buyers, sum(revenue) FILTER (WHERE member_id IS NOT NULL) AS member_revenue
        FROM (
          SELECT period_start, 'store' AS dimension, store_id AS cell, member_id, revenue, receipts, bought FROM store_buyers
          UNION ALL
          SELECT period_start, 'city', coalesce(s.city, '(нет)'), member_id, sum(revenue), sum(receipts), bool_or(bought)
          FROM store_buyers b LEFT JOIN ${ref("dim_stores")} s USING (store_id) GROUP BY ALL
          UNION ALL
          SELECT period_start, 'chain', 'all', member_id, revenue, receipts, bought FROM member_months
          UNION ALL
          SELECT period_start, 'chain', 'all', NULL, sum(revenue), sum(receipts), bool_or(bought) FROM store_buyers WHERE member_id IS NULL GROUP BY ALL
        )
        GROUP BY ALL
      ),
      member_cells AS (
        SELECT period_start, dimension, cell, sum(revenue) AS revenue, sum(receipts) AS receipts, count(*) FILTER (WHERE bought) AS buyers
        FROM member_months m, LATERAL (VALUES ('registration_channel', m.channel), ('cvm_stage', m.stage), ('members', 'all')) AS c(dimension, cell)
        GROUP BY ALL
      ),
      -- members by RFM segment at the end of the month before, as mart_segment_revenue_factors scores them (sales revenue)
      rfm_cells AS (
        SELECT period_start, 'rfm_segment' AS dimension, segment AS cell, revenue, visits AS receipts, customers AS buyers
        FROM ${ref("mart_segment_revenue_factors")}
        WHERE period_start = base_period_start + INTERVAL 1 MONTH AND period_start < date_trunc('month', DATE '${asOf}' + INTERVAL 1 DAY)
      ),
      level_cells AS (
        SELECT period_start, dimension, cell, revenue, receipts, buyers, revenue AS revenue_of_buyers FROM member_cells
        UNION ALL
        SELECT period_start, dimension, cell, revenue, receipts, buyers, revenue FROM rfm_cells
        UNION ALL
        SELECT period_start, dimension, cell, revenue, receipts, buyers, member_revenue FROM store_city
      ),
      lines AS (
        SELECT m.period_start, m.member_id, m.stage, coalesce(p.category, '(нет)') AS category,
          sum(CASE WHEN l.is_return OR r.is_return THEN -abs(l.amount) ELSE l.amount END)::DOUBLE AS amount, bool_or(NOT (l.is_return OR r.is_return)) AS bought
        FROM ${ref("fct_receipt_lines")} l JOIN ${ref("fct_receipts")} r USING (store_id, receipt_id)
          JOIN member_months m ON m.member_id = r.member_id AND m.period_start = date_trunc('month', r.receipt_date)
          LEFT JOIN ${ref("dim_products")} p USING (sku)
        WHERE r.is_identified
        GROUP BY ALL
      ),
      stage_buyers AS (SELECT period_start, stage, count(*) FILTER (WHERE bought) AS buyers FROM member_months GROUP BY ALL),
      category_stage AS (
        SELECT l.period_start, l.category, l.stage, count(*) FILTER (WHERE l.bought) AS category_buyers, sum(l.amount) AS amount
        FROM lines l GROUP BY ALL
      ),
      category_all AS (
        SELECT period_start, category, sum(category_buyers) AS category_buyers, sum(amount) AS amount FROM (
          SELECT period_start, category, member_id, max(bought::INT) AS category_buyers, sum(amount) AS amount FROM lines GROUP BY ALL
        ) GROUP BY ALL
      ),
      all_buyers AS (SELECT period_start, sum(buyers) AS buyers FROM stage_buyers GROUP BY ALL),
      series AS (
        SELECT period_start, dimension, cell, 'revenue' AS metric, revenue AS value, 1.0 AS unit_value FROM level_cells
        UNION ALL SELECT period_start, dimension, cell, 'buyers', buyers, revenue_of_buyers / nullif(buyers, 0) FROM level_cells
        UNION ALL SELECT period_start, dimension, cell, 'avg_check', revenue / nullif(receipts, 0), receipts FROM level_cells
        UNION ALL SELECT period_start, dimension, cell, 'visits_per_buyer', receipts / nullif(buyers, 0), revenue / nullif(receipts, 0) * buyers
          FROM (SELECT * FROM member_cells UNION ALL SELECT * FROM rfm_cells)
        UNION ALL SELECT period_start, dimension, cell, 'identified_share', identified / nullif(receipts, 0), revenue FROM store_city
        UNION ALL SELECT period_start, 'category', category, 'revenue', amount, 1.0 FROM category_all
        UNION ALL SELECT period_start, 'category', category, 'buyers', category_buyers, amount / nullif(category_buyers, 0) FROM category_all
        UNION ALL SELECT c.period_start, 'category', c.category, 'penetration', c.category_buyers / nullif(a.buyers, 0), a.buyers * c.amount / nullif(c.category_buyers, 0)
          FROM category_all c JOIN all_buyers a USING (period_start)
        UNION ALL SELECT c.period_start, 'category_stage', c.category || ' × ' || c.stage, 'penetration', c.category_buyers / nullif(b.buyers, 0),
            b.buyers * c.amount / nullif(c.category_buyers, 0)
          FROM category_stage c JOIN stage_buyers b USING (period_start, stage)
      ),
      -- a member's home store: the profile's, or else the store of most of their sales
      home_stores AS (
        SELECT b.member_id, coalesce(d.home_store_id, b.store_id) AS store_id
        FROM (SELECT member_id, first(store_id ORDER BY receipts DESC, store_id) AS store_id
              FROM (SELECT member_id, store_id, sum(receipts) AS receipts FROM store_buyers WHERE member_id IS NOT NULL GROUP BY ALL) GROUP BY ALL) b
          LEFT JOIN ${ref("dim_customers")} d ON d.customer_id = b.member_id
      ),
      -- members active at the end of the month before (new, developing, loyal, won back) and those of them pre-churn or churned at this one's
      home_city AS (
        SELECT date_trunc('month', now_.as_of)::DATE AS period_start, coalesce(s.city, '(нет)') AS cell,
          count(*) FILTER (WHERE now_.stage IN ('pre_churn', 'churned')) AS leaving, count(*) AS active
        FROM ${ref("mart_cvm_monthly")} now_
          JOIN ${ref("mart_cvm_monthly")} before_ ON before_.member_id = now_.member_id
            AND date_trunc('month', before_.as_of) = date_trunc('month', now_.as_of) - INTERVAL 1 MONTH
            AND before_.stage IN ('new', 'developing', 'loyal', 'won_back')
          LEFT JOIN home_stores h ON h.member_id = now_.member_id LEFT JOIN ${ref("dim_stores")} s ON s.store_id = h.store_id
        WHERE now_.as_of < date_trunc('month', DATE '${asOf}' + INTERVAL 1 DAY)
        GROUP BY ALL
      ),
      leaving AS (
        SELECT period_start, cell, leaving, active FROM home_city
        UNION ALL SELECT period_start, 'all', sum(leaving), sum(active) FROM home_city GROUP BY ALL
      )
      SELECT period_start, dimension, cell, metric, value::DOUBLE AS value, unit_value::DOUBLE AS unit_value,
        CASE WHEN dimension IN ('store', 'city') THEN 'chain' WHEN dimension IN ('registration_channel', 'cvm_stage', 'rfm_segment') THEN 'members'
          WHEN dimension = 'category' AND metric <> 'penetration' THEN 'members' WHEN dimension = 'category_stage' THEN 'category' END AS reference_dimension,
        CASE WHEN dimension IN ('store', 'city', 'registration_channel', 'cvm_stage', 'rfm_segment') OR dimension = 'category' AND metric <> 'penetration' THEN 'all'
          WHEN dimension = 'category_stage' THEN split_part(cell, ' × ', 1) END AS reference_cell
      FROM series
      UNION ALL
      -- a unit: the city's active members at a member buyer's revenue of the month
      SELECT l.period_start, 'home_city', l.cell, 'pre_churn_inflow', l.leaving / l.active,
        l.active * m.unit_value, CASE WHEN l.cell <> 'all' THEN 'home_city' END, CASE WHEN l.cell <> 'all' THEN 'all' END
      FROM leaving l JOIN series m ON m.period_start = l.period_start AND m.dimension = 'members' AND m.cell = 'all' AND m.metric = 'buyers'`,
};
