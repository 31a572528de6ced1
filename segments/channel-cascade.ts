/**
 * The channel cascade: each member is reached on the first channel, in the segment's priority
 * order, that the member consented to and has the contact for. Members with none are in the
 * segment (the till still applies their offer) but are sent nothing.
 */
import { MESSAGE_CHANNELS } from "../src/db/schema.js";
import { CHANNEL_NEEDS } from "./segment-fields.js";

export type Channel = (typeof MESSAGE_CHANNELS)[number];

/** Each channel as people read it (exports, the site). */
export const CHANNEL_NAMES_RU: Record<Channel, string> = { push: "push-уведомление", messenger: "мессенджер", email: "e-mail", sms: "SMS" };

export const DEFAULT_CHANNEL_PRIORITY: Channel[] = ["push", "messenger", "email", "sms"];

/** SQL choosing the channel from a features row (alias `f`), or NULL. */
export function channelCascadeSql(priority: readonly Channel[], alias = "f"): string {
  const whens = priority.map((ch) => `WHEN ${alias}.${CHANNEL_NEEDS[ch].consent} AND ${alias}.${CHANNEL_NEEDS[ch].contact} THEN '${ch}'`);
  return `CASE ${whens.join(" ")} END`;
}
