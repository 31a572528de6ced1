/** What every page needs besides data: the chain's locale, currency and time zone, and which snapshot it shows. */
import { basename } from "node:path";
import type { SnapshotQuery } from "./query-snapshot.js";

export interface SiteSettings {
  locale: string;
  currency: string;
  timeZone: string;
  snapshot: string;
  last_day: string | null;
  /** What a bonus point costs, in the currency; null when the config does not say. */
  point_value: number | null;
}

export async function siteSettings(
  q: SnapshotQuery,
  { locale, currency, timeZone, pointValue }: Pick<SiteSettings, "locale" | "currency" | "timeZone"> & { pointValue: number | null },
): Promise<SiteSettings> {
  const [row] = await q.all<{ last_day: string | null }>(
    `SELECT strftime(max(period_end), '%Y-%m-%d') AS last_day FROM ${q.scan("mart_kpi")} WHERE grain = 'day' AND scope = 'chain' AND audience = 'all'`);
  return {
    locale,
    currency,
    timeZone,
    snapshot: basename(q.dir),
    last_day: row?.last_day ?? null,
    point_value: pointValue,
  };
}
