/** Profile completeness and contactability, for the chain and by home store (shares only). */
import { scopeName, type SnapshotQuery } from "./query-snapshot.js";

export interface ProfileQualityRow {
  scope: string;
  scope_id: string;
  scope_name: string;
  members: number;
  avg_completeness: number;
  full_profile_share: number;
  phone_share: number;
  email_share: number;
  consent_sms_share: number;
  consent_email_share: number;
  consent_push_share: number;
  consent_messenger_share: number;
  contactable_share: number;
}

export function profileQuality(q: SnapshotQuery): Promise<ProfileQualityRow[]> {
  const names = scopeName(q, "p");
  const shares = ["avg_completeness", "full_profile_share", "phone_share", "email_share", "consent_sms_share", "consent_email_share",
    "consent_push_share", "consent_messenger_share", "contactable_share"].map((c) => `p.${c}::DOUBLE AS ${c}`).join(", ");
  return q.all<ProfileQualityRow>(`
    SELECT p.scope, p.scope_id, ${names.column}, p.members::DOUBLE AS members, ${shares}
    FROM ${q.scan("mart_profile_quality")} p ${names.join} ORDER BY p.scope, p.scope_id`);
}
