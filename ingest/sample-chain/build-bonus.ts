/**
 * Bonus points, per card. A member sale earns the tier's percent of its total (plus a redeemed
 * coupon's gift points). Some sales pay with points: exactly what the card earned since the previous
 * redemption, capped at 30% of the total, so a balance can never go negative without the generator
 * having to run a balance row by row. The whole balance burns after 180 days without a purchase.
 */
import type { ChainContext } from "./chain-context.js";
import { BONUS } from "./sample-params.js";
import { sqlList, sqlLiteral } from "./sql-literals.js";
import { feedSelectList } from "./write-feed.js";

/** A new "life" of a card's balance starts when a purchase comes after the burn date. */
function burnedBetween(prev: string, next: string): string {
  return `coalesce((${next})::DATE - (${prev})::DATE > ${BONUS.burnAfterDays}, false)`;
}

/**
 * Adds `earned` and `spent` to member sales (`fromSql` gives key, card, ts, total, earn_percent,
 * coupon_points). An "epoch" ends at every redemption or burn; a redemption spends what the
 * previous epoch earned.
 */
export function withBonusSql(fromSql: string): string {
  const byCard = `PARTITION BY card ORDER BY ts, key`;
  return `
    WITH s AS (
      SELECT *,
        money(floor(total * earn_percent / 100) + coalesce(coupon_points, 0)) AS earned,
        ${burnedBetween(`lag(ts) OVER (${byCard})`, "ts")} AS burned_before,
        row_number() OVER (${byCard}) > 1 AND u(key, 'redeem') < ${BONUS.redeemShare} AS wants_redeem
      FROM (${fromSql})
    ), e AS (
      SELECT *, sum((burned_before OR wants_redeem)::INTEGER) OVER (${byCard}) AS epoch FROM s
    ), t AS (
      SELECT *, sum(earned) OVER (PARTITION BY card, epoch) AS epoch_earned FROM e
    ), p AS (
      SELECT *, lag(epoch_earned) OVER (${byCard}) AS available FROM t
    )
    SELECT * EXCLUDE (coupon_points, burned_before, wants_redeem, epoch, epoch_earned, available),
      CASE WHEN wants_redeem AND NOT burned_before AND available >= ${BONUS.minRedeem}
        THEN money(least(available, floor(total * ${BONUS.maxPayShare}))) ELSE money(0) END AS spent
    FROM p`;
}

/**
 * The ledger rows that do not mirror a receipt, kept in small tables: a few manual goodwill
 * adjustments, and the expiry of each card life's whole remaining balance once 180 days pass
 * without a purchase (before the end date).
 */
export async function buildBonusEvents(ctx: ChainContext): Promise<void> {
  const byCard = `PARTITION BY card ORDER BY ts, key`;
  const burnDate = `(ts::DATE + ${BONUS.burnAfterDays + 1})`;
  await ctx.wh.exec(`
    CREATE TABLE bonus_adjustments AS
    SELECT key, card, ts + INTERVAL 2 HOUR AS entry_at, store, receipt_no,
      pick(${sqlList([...BONUS.adjustmentPoints])}, u(key, 'adjustment_points')) AS points
    FROM receipts WHERE card IS NOT NULL AND NOT is_return AND u(key, 'adjustment') < ${BONUS.adjustmentShare};

    CREATE TABLE bonus_burns AS
    WITH sales AS (
      SELECT r.card, r.ts, r.key, r.earned - r.spent + coalesce(a.points, 0) AS net
      FROM receipts r LEFT JOIN bonus_adjustments a USING (key)
      WHERE r.card IS NOT NULL AND NOT r.is_return
    ), lives AS (
      SELECT *, ${burnedBetween(`lag(ts) OVER (${byCard})`, "ts")} AS burned_before, lead(ts) OVER (${byCard}) AS next_ts
      FROM sales
    ), numbered AS (
      SELECT *, sum(burned_before::INTEGER) OVER (${byCard}) AS life FROM lives
    ), balances AS (
      SELECT *, sum(net) OVER (PARTITION BY card, life) AS balance FROM numbered
    )
    SELECT card, ${burnDate} + INTERVAL 3 HOUR AS entry_at, -balance AS points
    FROM balances
    WHERE balance > 0 AND ${burnDate} <= DATE ${sqlLiteral(ctx.endDate)}
      AND (next_ts IS NULL OR ${burnedBetween("ts", "next_ts")});
  `);
}

/**
 * The whole ledger in entry order, with the bonus-ledger feed's columns: accruals and redemptions
 * mirror the receipts (an accrual shows the date it burns if no purchase follows).
 */
export function bonusLedgerSql(): string {
  const entries = `
    SELECT ts AS entry_ts, 1 AS kind_no, card, store, receipt_no, earned AS points, ts::DATE + ${BONUS.burnAfterDays + 1} AS expires
    FROM receipts WHERE card IS NOT NULL AND NOT is_return AND earned > 0
    UNION ALL
    SELECT ts, 2, card, store, receipt_no, -spent, NULL FROM receipts WHERE card IS NOT NULL AND NOT is_return AND spent > 0
    UNION ALL
    SELECT entry_at, 3, card, store, receipt_no, points, NULL FROM bonus_adjustments
    UNION ALL
    SELECT entry_at, 4, card, NULL, NULL, points, NULL FROM bonus_burns`;
  const mirrorsReceipt = (expr: string) => `CASE WHEN kind_no IN (1, 2) THEN ${expr} END`;
  const columns = feedSelectList("bonus-ledger", {
    entry_id: `['ACC-', 'RED-', 'ADJ-', 'EXP-'][kind_no] || CASE WHEN kind_no = 4 THEN card || '-' || strftime(entry_ts, '%Y%m%d')
      ELSE store_code(store) || '-' || receipt_code(receipt_no) END`,
    card_number: "card::VARCHAR",
    entry_at: "iso_ts(entry_ts)",
    kind: "['accrual', 'redemption', 'adjustment', 'expiry'][kind_no]",
    points: "points",
    store_id: mirrorsReceipt("store_code(store)"),
    receipt_id: mirrorsReceipt("receipt_code(receipt_no)"),
    expires_on: "iso_date(expires)",
  });
  return `SELECT ${columns} FROM (${entries}) ORDER BY entry_ts, kind_no, store, receipt_no, card`;
}
