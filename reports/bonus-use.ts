/** Members who paid with bonuses among the month's active members: the chain and each CVM stage at month end. */
import { isoDate, type SnapshotQuery } from "./query-snapshot.js";

export interface BonusUseRow {
  period_start: string;
  scope: string;
  scope_id: string;
  active_members: number;
  bonus_payers: number;
  bonus_payer_share: number;
}

export function bonusUse(q: SnapshotQuery): Promise<BonusUseRow[]> {
  return q.all<BonusUseRow>(`
    SELECT ${isoDate("period_start")} AS period_start, scope, scope_id, active_members::DOUBLE AS active_members,
      bonus_payers::DOUBLE AS bonus_payers, bonus_payer_share::DOUBLE AS bonus_payer_share
    FROM ${q.scan("mart_bonus_use")} ORDER BY period_start, scope, scope_id`);
}
