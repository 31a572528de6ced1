/**
 * The sign rule of the bonus ledger. Feeds write redemptions and expiries with either sign, so the
 * sign is taken from the kind: accruals add, redemptions and expiries subtract, adjustments keep
 * their own sign. The balance is the sum of these signed points.
 */

/** SQL for an entry's effect on the balance; `alias` qualifies `kind` and `points` (e.g. `b`). */
export function signedPoints(alias?: string): string {
  const c = alias ? `${alias}.` : "";
  return `CASE ${c}kind WHEN 'accrual' THEN abs(${c}points) WHEN 'adjustment' THEN ${c}points ELSE -abs(${c}points) END`;
}
