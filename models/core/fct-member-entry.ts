import type { SqlModel } from "../model.js";
import { productLinesSql, UNKNOWN } from "../marts/product-lines.js";

/**
 * Each buyer's entry into the chain: the first and second purchase days, and the category entered
 * through — the category with the most revenue on the member's first sales receipt (the earliest by
 * time; on one time, the lower store and receipt id), a tie going to the category first in
 * alphabetical order, so the answer never depends on the order rows come in. A first receipt without
 * lines, or of SKUs the products feed does not name, enters through `(unknown)`. The first month of
 * data counts everyone's first purchase in the data, whenever they really started.
 */
export const fctMemberEntry: SqlModel = {
  kind: "sql",
  name: "fct_member_entry",
  description: "Each buyer's first and second purchase days and the category of the first purchase.",
  layer: "core",
  grain: ["member_id"],
  sql: ({ asOf, ref }) => `WITH firsts AS (
        SELECT member_id, min(day) FILTER (WHERE nth = 1) AS first_day, min(day) FILTER (WHERE nth = 2) AS second_day
        FROM ${ref("fct_purchase_days")} WHERE nth <= 2 AND day <= DATE '${asOf}' GROUP BY member_id
      ),
      -- the first sales receipt is on the first purchase day: only that day's receipts are compared
      first_receipts AS (
        SELECT member_id, first.store_id, first.receipt_id, false AS is_return FROM (
          SELECT r.member_id, arg_min({'store_id': r.store_id, 'receipt_id': r.receipt_id}, (r.receipt_at, r.store_id, r.receipt_id)) AS first
          FROM ${ref("fct_receipts")} r JOIN firsts f ON f.member_id = r.member_id AND f.first_day = r.receipt_date
          WHERE r.is_identified AND NOT r.is_return GROUP BY r.member_id
        )
      ),
      entries AS (
        SELECT member_id, first(category ORDER BY revenue DESC, category) AS entry_category FROM (
          SELECT member_id, category, sum(revenue) AS revenue FROM (${productLinesSql("SELECT * FROM first_receipts", { ref })}) GROUP BY ALL
        ) GROUP BY member_id
      )
      SELECT f.member_id, f.first_day, f.second_day, coalesce(e.entry_category, '${UNKNOWN}') AS entry_category
      FROM firsts f LEFT JOIN entries e USING (member_id)`,
};
