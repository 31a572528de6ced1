/**
 * Every data file the report site's pages read, declared once: its name under `data/` (as the pages'
 * `FileAttachment("data/…")` name it) and the report that makes it. The site build runs them all in
 * one process over one opened snapshot, so every file of a build comes from the same snapshot.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Config } from "../src/config/config.js";
import type { OpenSnapshot } from "../src/snapshot/read-snapshot.js";
import { rowsToArrowIpc } from "./arrow-rows.js";
import { bonusMonthly } from "./bonus-monthly.js";
import { campaigns } from "./campaigns.js";
import { cohortRetention } from "./cohort-retention.js";
import { conversionByChannel } from "./conversion-by-channel.js";
import { coupons } from "./coupons.js";
import { cvmHistory } from "./cvm-history.js";
import { cvmTransitions } from "./cvm-transitions.js";
import { dataQuality } from "./data-quality.js";
import { kpiTiles } from "./kpi-tiles.js";
import { kpiDaily } from "./kpi-daily.js";
import { bonusUse } from "./bonus-use.js";
import { tiers } from "./tiers.js";
import { diagnosis } from "./diagnosis.js";
import { categoryAffinity, categorySales, entryCategories, marginMix } from "./assortment.js";
import { communications } from "./communications.js";
import { kpiTrends } from "./kpi-trends.js";
import { lifetimeValue } from "./lifetime-value.js";
import { siteMetrics } from "./metrics.js";
import { siteCodeNames } from "./code-names.js";
import { profileQuality } from "./profile-quality.js";
import { programmePayback } from "./programme-payback.js";
import { promotions } from "./promotions.js";
import { querySnapshot, type SnapshotQuery } from "./query-snapshot.js";
import { revenueDecomposition } from "./revenue-decomposition.js";
import { rfmGrid } from "./rfm-grid.js";
import { rfmSegments } from "./rfm-segments.js";
import { offersCsv, segmentOffers } from "./segment-offers.js";
import { segments } from "./segments.js";
import { siteSettings } from "./site-settings.js";
import { storeIdentification } from "./store-identification.js";
import { storeHours } from "./store-hours.js";
import { staffKpi } from "./staff-kpi.js";
import { portrait } from "./portrait.js";
import { stageEconomics } from "./stage-economics.js";
import { churnDrivers } from "./churn-drivers.js";
import { churnSignals } from "./churn-signals.js";

/** What the pages need from the config besides the snapshot. */
export interface SiteDataSettings {
  locale: string;
  currency: string;
  timeZone: string;
  /** Whether the till's offers (card numbers with offer codes) may be published on the site. */
  publishOffersOnSite: boolean;
  /** What a bonus point costs, in the currency (`models.bonus.pointValue`); null: bonuses are shown in points. */
  pointValue: number | null;
}

/** The site's settings from the project's config. */
export function siteDataSettings(config: Config): SiteDataSettings {
  return {
    locale: config.locale, currency: config.currency, timeZone: config.timeZone,
    publishOffersOnSite: config.segments.publishOffersOnSite, pointValue: config.models.bonus.pointValue ?? null,
  };
}

type MakeData = (q: SnapshotQuery, settings: SiteDataSettings) => Promise<unknown>;

/**
 * File name → its report. Tables of rows travel as Arrow IPC (`.arrow`: typed columns, decoded by
 * the pages with apache-arrow); other `.json` files are written as JSON; `.csv` makers return the text.
 */
export const SITE_DATA: Record<string, MakeData> = {
  "site-settings.json": (q, s) => siteSettings(q, s),
  "metrics.json": async (_q, s) => siteMetrics(s.locale),
  "code-names.json": async () => siteCodeNames(),
  "kpi-tiles.json": kpiTiles,
  "kpi-trends.arrow": kpiTrends,
  "kpi-daily.arrow": kpiDaily,
  "revenue-decomposition.arrow": revenueDecomposition,
  "rfm-segments.arrow": rfmSegments,
  "rfm-grid.arrow": rfmGrid,
  "cvm-history.arrow": cvmHistory,
  "cvm-transitions.arrow": cvmTransitions,
  "stage-economics.arrow": stageEconomics,
  "cohort-retention.arrow": cohortRetention,
  "conversion-by-channel.arrow": conversionByChannel,
  "churn-drivers.arrow": churnDrivers,
  "churn-signals.arrow": churnSignals,
  "store-identification.arrow": storeIdentification,
  "profile-quality.arrow": profileQuality,
  "store-hours.arrow": storeHours,
  "staff-kpi.arrow": staffKpi,
  "portrait.arrow": portrait,
  "tiers.arrow": tiers,
  "bonus-monthly.arrow": bonusMonthly,
  "bonus-use.arrow": bonusUse,
  "coupons.arrow": coupons,
  "promotions.arrow": promotions,
  "segments.json": async (q, s) => ({ ...(await segments(q)), offers_on_site: s.publishOffersOnSite }),
  "segment-offers.csv": async (q, s) => offersCsv(s.publishOffersOnSite ? await segmentOffers(q) : []),
  "campaigns.json": campaigns,
  "communications.arrow": communications,
  "programme-payback.arrow": programmePayback,
  "lifetime-value.json": lifetimeValue,
  "data-quality.json": dataQuality,
  "diagnosis.arrow": diagnosis,
  "category-sales.arrow": categorySales,
  "margin-mix.arrow": marginMix,
  "entry-categories.arrow": entryCategories,
  "category-affinity.arrow": categoryAffinity,
};

export interface WrittenSiteData {
  file: string;
  bytes: number;
}

/** Writes every site data file of one snapshot into `dir`; `onFile` hears of each file written. */
export async function writeSiteData(
  snapshot: OpenSnapshot,
  settings: SiteDataSettings,
  dir: string,
  onFile?: (file: string) => void | Promise<void>,
): Promise<WrittenSiteData[]> {
  await mkdir(dir, { recursive: true });
  return querySnapshot(snapshot, async (q) => {
    const written: WrittenSiteData[] = [];
    for (const [file, make] of Object.entries(SITE_DATA)) {
      const data = await make(q, settings);
      const content = file.endsWith(".arrow")
        ? rowsToArrowIpc(data as Parameters<typeof rowsToArrowIpc>[0])
        : file.endsWith(".json") ? JSON.stringify(data) : String(data);
      await writeFile(join(dir, file), content);
      written.push({ file, bytes: typeof content === "string" ? Buffer.byteLength(content) : content.byteLength });
      await onFile?.(file);
    }
    return written;
  });
}
