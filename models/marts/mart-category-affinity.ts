import type { SqlModel } from "../model.js";
import { productLinesSql, UNKNOWN } from "./product-lines.js";

/**
 * Which categories are bought together: pairs of categories on the same sales receipt over the
 * last N days to the build date (config `models.assortment.affinityDays`, 365 by default), every
 * buyer with a card or without (a basket is a basket). Receipts are the sales receipts of the window
 * with at least one line; a receipt with two lines of a category has that category once. For the
 * pair A → B (both directions are rows): receipts with A, with B and with both; support = both /
 * receipts; confidence = both / receipts with A (how often a basket with A also has B); lift =
 * support / (support of A × support of B), 1 when A and B meet as often as chance would have them.
 *
 * Pairs below the minimum support (`affinityMinSupport`, 1 % of the receipts by default) are left
 * out, and so is every category below it before the pairs are made: a pair is never on more receipts
 * than either of its categories, so those could only make pairs that are dropped (the pairing is the
 * one self-join of lines, and this keeps it to the categories that matter). `(unknown)` products make
 * no pairs. A pair is worth a joint offer with lift ≥ `jointOfferMinLift` (1.2) on at least
 * `jointOfferMinReceipts` receipts with both (100): lift says the two go together more than chance,
 * the floor that it is not a handful of receipts saying so. Big baskets hold many categories, which
 * lifts every pair a little (the sample chain, whose lines pick categories independently, has lifts
 * of 1.17–1.43): a pair is best judged against the other pairs of its category.
 */
export const martCategoryAffinity: SqlModel = {
  kind: "sql",
  name: "mart_category_affinity",
  description: "Pairs of categories bought on the same receipt over the last N days: receipts with each and both, support, confidence, lift, worth a joint offer.",
  layer: "mart",
  grain: ["category_a", "category_b"],
  sql: ({ asOf, params, ref }) => {
    const p = params.assortment;
    const windowStart = `DATE '${asOf}' - INTERVAL ${p.affinityDays - 1} DAY`;
    // receipts and categories as numbers: the pairs are a self-join of every basket in the window
    return `WITH receipts AS (
        SELECT row_number() OVER () AS receipt_no, store_id, receipt_id, is_return FROM ${ref("fct_receipts")}
        WHERE NOT is_return AND receipt_date BETWEEN ${windowStart} AND DATE '${asOf}'
      ),
      baskets AS (
        SELECT receipt_no, category_no, any_value(category) AS category FROM (${productLinesSql("SELECT * FROM receipts", { ref })}) WHERE is_sale GROUP BY ALL
      ),
      total AS (SELECT count(DISTINCT receipt_no) AS receipts FROM baskets),
      categories AS (
        SELECT category_no, any_value(category) AS category, count(*) AS receipts FROM baskets WHERE category <> '${UNKNOWN}'
        GROUP BY category_no HAVING count(*) / (SELECT receipts FROM total) >= ${p.affinityMinSupport}
      ),
      kept AS (SELECT receipt_no, category_no FROM baskets SEMI JOIN categories USING (category_no)),
      pairs AS (
        SELECT a.category_no AS a_no, b.category_no AS b_no, count(*) AS receipts_both
        FROM kept a JOIN kept b ON a.receipt_no = b.receipt_no AND a.category_no < b.category_no
        GROUP BY ALL HAVING count(*) / (SELECT receipts FROM total) >= ${p.affinityMinSupport}
      ),
      directed AS (SELECT a_no, b_no, receipts_both FROM pairs UNION ALL SELECT b_no, a_no, receipts_both FROM pairs)
      SELECT a.category AS category_a, b.category AS category_b, (${windowStart})::DATE AS window_start, DATE '${asOf}' AS window_end,
        t.receipts, a.receipts AS receipts_a, b.receipts AS receipts_b, d.receipts_both,
        d.receipts_both / t.receipts AS support, d.receipts_both / a.receipts AS confidence,
        d.receipts_both * t.receipts / (a.receipts * b.receipts) AS lift,
        lift >= ${p.jointOfferMinLift} AND d.receipts_both >= ${p.jointOfferMinReceipts} AS worth_joint_offer
      FROM directed d CROSS JOIN total t JOIN categories a ON a.category_no = d.a_no JOIN categories b ON b.category_no = d.b_no`;
  },
  tests: [
    {
      kind: "expression",
      name: "support, confidence and lift agree with the counts",
      failingRows: () => `SELECT category_a, category_b FROM mart_category_affinity
        WHERE NOT (receipts_both <= least(receipts_a, receipts_b) AND receipts_a <= receipts AND confidence BETWEEN 0 AND 1
          AND abs(lift - confidence * receipts / receipts_b) <= 1e-9 * lift)`,
    },
  ],
};
