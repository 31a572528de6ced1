/**
 * Conversion of new members into a first and a repeat purchase within the configured window, by
 * registration channel, over the cohorts that have had the whole window to convert; plus new
 * members by channel and month (registrations).
 */
import { isoDate, type SnapshotQuery } from "./query-snapshot.js";

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
    SELECT registration_channel, ${isoDate("registration_month")} AS registration_month, window_days::DOUBLE AS window_days,
      new_members::DOUBLE AS new_members, matured_members::DOUBLE AS matured_members,
      first_purchase_within::DOUBLE AS first_purchase_within, repeat_within::DOUBLE AS repeat_within,
      round(first_purchase_rate, 5)::DOUBLE AS first_purchase_rate, round(repeat_rate, 5)::DOUBLE AS repeat_rate
    FROM ${q.scan("mart_conversion")} ORDER BY registration_month, registration_channel`);
}
