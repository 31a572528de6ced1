/** The customer portrait (mart_portrait): members by age band, gender and city, for the chain and each home store. */
import { scopeName, type SnapshotQuery } from "./query-snapshot.js";

export interface PortraitRow {
  scope: string;
  scope_id: string;
  scope_name: string;
  age_band: string;
  gender: string;
  city: string;
  members: number;
}

export function portrait(q: SnapshotQuery): Promise<PortraitRow[]> {
  const names = scopeName(q, "p");
  return q.all<PortraitRow>(`
    SELECT p.scope, p.scope_id, ${names.column}, p.age_band, p.gender, p.city, p.members::DOUBLE AS members
    FROM ${q.scan("mart_portrait")} p ${names.join} ORDER BY p.scope, p.scope_id, p.age_band, p.gender, p.city`);
}
