/**
 * Conversion of new members into a first and a repeat purchase within the configured window, by
 * registration channel, over the cohorts that have had the whole window to convert; plus new
 * members by channel and month (registrations). Channels the schema does not know (a chain's new
 * "telegram") are kept in the warehouse as given and grouped here as "other".
 */
import { CHANNELS } from "../src/db/schema.js";
import { isoDate, knownOrOther, type SnapshotQuery } from "./query-snapshot.js";

export interface ConversionRow {
  registration_channel: string;
  registration_month: string;
  window_days: number;
  new_members: number;
  matured_members: number;
  first_purchase_within: number;
  repeat_within: number;
  first_purchase_rate: number | null;
  repeat_rate: number | null;
}

export function conversionByChannel(q: SnapshotQuery): Promise<ConversionRow[]> {
  return q.all<ConversionRow>(`
    SELECT ${knownOrOther("registration_channel", [...CHANNELS, "(unknown)"])} AS registration_channel, ${isoDate("registration_month")} AS registration_month,
      any_value(window_days)::DOUBLE AS window_days, sum(new_members)::DOUBLE AS new_members, sum(matured_members)::DOUBLE AS matured_members,
      sum(first_purchase_within)::DOUBLE AS first_purchase_within, sum(repeat_within)::DOUBLE AS repeat_within,
      round(sum(first_purchase_within) / nullif(sum(matured_members), 0), 5)::DOUBLE AS first_purchase_rate,
      round(sum(repeat_within) / nullif(sum(matured_members), 0), 5)::DOUBLE AS repeat_rate
    FROM ${q.scan("mart_conversion")} GROUP BY 1, 2 ORDER BY registration_month, registration_channel`);
}
