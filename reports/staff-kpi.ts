/** The staff KPIs (mart_staff_kpi): stores, tills and cashiers by month against their targets, for the Stores page. */
import { isoDate, scopeName, type SnapshotQuery } from "./query-snapshot.js";

export interface StaffKpiRow {
  period_start: string;
  /** store, till or cashier */
  level: string;
  store_id: string;
  store_name: string;
  /** The till's or cashier's code (staff codes, not people's names); the store's id on its own row. */
  unit_id: string;
  receipts: number;
  identified_receipts: number;
  identified_share: number | null;
  /** Stores only. */
  sign_ups: number | null;
  is_complete: boolean;
  identified_share_target: number | null;
  /** Null: no target, or too few receipts to judge. */
  identified_share_met: boolean | null;
  sign_ups_target: number | null;
  /** Null: no target, or the month is not over. */
  sign_ups_met: boolean | null;
}

export function staffKpi(q: SnapshotQuery): Promise<StaffKpiRow[]> {
  if (!q.has("mart_staff_kpi")) return Promise.resolve([]);
  // the store's name through the scope helper: each row is in its store's scope
  const names = scopeName(q, "k");
  return q.all<StaffKpiRow>(`
    SELECT * RENAME (scope_name AS store_name) FROM (
      SELECT ${isoDate("k.period_start")} AS period_start, k.level, k.store_id, ${names.column}, k.unit_id,
        k.receipts::DOUBLE AS receipts, k.identified_receipts::DOUBLE AS identified_receipts, round(k.identified_share, 5)::DOUBLE AS identified_share,
        k.sign_ups::DOUBLE AS sign_ups, k.is_complete, k.identified_share_target::DOUBLE AS identified_share_target, k.identified_share_met,
        k.sign_ups_target::DOUBLE AS sign_ups_target, k.sign_ups_met
      FROM (SELECT *, 'store' AS scope, store_id AS scope_id FROM ${q.scan("mart_staff_kpi")}) k ${names.join}
    ) ORDER BY period_start, store_id, level, unit_id`);
}
