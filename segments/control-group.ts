/**
 * The control group: members held out of a campaign (no message, no offer) so its effect can be
 * measured. Membership is a pure function of campaign and customer, so a member stays in the same
 * arm on every run of a campaign and anyone can recompute it: the first 32 bits of
 * md5("<campaign>:<customer_id>") as a fraction of 2^32, below the control share → control.
 */
import { createHash } from "node:crypto";

/** SQL for the flag; `campaign` and `share` are SQL expressions (bound parameters). */
export function controlFlagSql(campaign: string, customerId: string, share: string): string {
  return `(('0x' || left(md5(${campaign} || ':' || ${customerId}), 8))::BIGINT / 4294967296.0 < ${share})`;
}

/** The same rule in TypeScript, for checks outside the warehouse. */
export function isControl(campaign: string, customerId: string, share: number): boolean {
  const hex = createHash("md5").update(`${campaign}:${customerId}`).digest("hex").slice(0, 8);
  return parseInt(hex, 16) / 2 ** 32 < share;
}
