/**
 * The (x, t_x, T) summaries of BG/NBD and the average repeat spend of Gamma-Gamma, from purchase
 * history, as lifetimes' `summary_data_from_transaction_data` builds them: purchases on the same day
 * are one transaction; x counts the transactions after the first up to the calibration end, t_x is
 * the time from the first to the last of them, T from the first to the calibration end, and mbar
 * averages the values of the repeat transactions. Time is in `unitDays`-day units (7 for weeks).
 * Purchases after the calibration end up to `holdoutEnd` are counted as holdout transactions.
 */
import { sqlString } from "../../src/db/warehouse.js";

export interface SummaryOptions {
  /** A SQL table expression with columns member_id, day (DATE), value (DOUBLE). */
  purchases: string;
  calibrationEnd: string;
  /** Last day of the holdout period; absent when there is none. */
  holdoutEnd?: string;
  unitDays: number;
  /**
   * The purchases are already one row per member and day with the day's number in the member's
   * history, `nth` (fct_purchase_days): no second grouping and ranking of 20M rows.
   */
  daily?: boolean;
}

export function customerSummariesSql(o: SummaryOptions): string {
  const end = `DATE ${sqlString(o.calibrationEnd)}`;
  const holdout = o.holdoutEnd
    ? `count(*) FILTER (WHERE day > ${end} AND day <= DATE ${sqlString(o.holdoutEnd)})`
    : "0";
  const ranked = o.daily
    ? `SELECT member_id, day, value, nth FROM (${o.purchases})`
    : `SELECT *, row_number() OVER (PARTITION BY member_id ORDER BY day) AS nth
      FROM (SELECT member_id, day, sum(value) AS value FROM (${o.purchases}) GROUP BY member_id, day)`;
  return `WITH ranked AS (${ranked})
    SELECT member_id,
      (count(*) FILTER (WHERE day <= ${end}) - 1)::INTEGER AS x,
      date_diff('day', min(day), max(day) FILTER (WHERE day <= ${end})) / ${o.unitDays} AS t_x,
      date_diff('day', min(day), ${end}) / ${o.unitDays} AS "T",
      coalesce(avg(value) FILTER (WHERE day <= ${end} AND nth > 1), 0) AS mbar,
      (${holdout})::INTEGER AS holdout_purchases
    FROM ranked
    GROUP BY member_id
    HAVING min(day) <= ${end}`;
}
