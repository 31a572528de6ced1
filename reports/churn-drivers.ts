/**
 * Churn by month (mart_churn_drivers): members buying at the month's start, those who churned and the
 * rate, for the chain and by home store (with its name), registration channel (channels the schema
 * does not know grouped as "other", as on the registrations chart) and tier at the previous month end.
 */
import { CHANNELS } from "../src/db/schema.js";
import { isoDate, knownOrOther, type SnapshotQuery } from "./query-snapshot.js";

export interface ChurnDriverRow {
  as_of: string;
  /** chain, home_store, registration_channel or tier */
  scope: string;
  scope_id: string;
  /** A home store's name; the id otherwise. */
  scope_name: string;
  at_risk: number;
  churned: number;
  churn_rate: number;
}

export function churnDrivers(q: SnapshotQuery): Promise<ChurnDriverRow[]> {
  if (!q.has("mart_churn_drivers")) return Promise.resolve([]);
  const id = `CASE WHEN scope = 'registration_channel' THEN ${knownOrOther("scope_id", [...CHANNELS, "(unknown)"])} ELSE scope_id END`;
  const stores = q.has("dim_stores") ? `LEFT JOIN (SELECT store_id, name FROM ${q.scan("dim_stores")}) s ON c.scope = 'home_store' AND s.store_id = c.scope_id` : "";
  return q.all<ChurnDriverRow>(`
    SELECT c.*, ${stores ? "coalesce(s.name, c.scope_id)" : "c.scope_id"} AS scope_name, round(c.churned / c.at_risk, 5)::DOUBLE AS churn_rate
    FROM (
      SELECT ${isoDate("as_of")} AS as_of, scope, ${id} AS scope_id, sum(at_risk)::DOUBLE AS at_risk, sum(churned)::DOUBLE AS churned
      FROM ${q.scan("mart_churn_drivers")} GROUP BY ALL
    ) c ${stores}
    ORDER BY c.as_of, c.scope, c.scope_id`);
}
