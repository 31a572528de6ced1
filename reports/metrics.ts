/**
 * The metric catalogue for the site (models/metrics/metric-catalogue.ts): each metric's label,
 * definition, audience and unit in the site's language (Russian unless the locale is `en-*`). Pages
 * label tiles, charts, tables and downloads from here, and the glossary page lists it.
 */
import { languageOf } from "../src/config/language.js";
import { METRICS, type MetricAudience, type MetricUnit } from "../models/metrics/metric-catalogue.js";

export interface SiteMetric {
  id: string;
  label: string;
  definition: string;
  audience: string;
  unit: MetricUnit;
  decimals: 0 | 2;
  /** Where the figure comes from, for an analyst checking it: `mart.column` and the rows. */
  source: string;
}

const AUDIENCES: Record<MetricAudience, { ru: string; en: string }> = {
  all_buyers: { ru: "все покупатели", en: "all buyers" },
  members: { ru: "участники программы", en: "programme members" },
};

export function siteMetrics(locale: string): SiteMetric[] {
  const lang = languageOf(locale);
  return METRICS.map((m) => ({
    id: m.id,
    label: m.label[lang],
    definition: m.definition[lang],
    audience: AUDIENCES[m.audience][lang],
    unit: m.unit,
    decimals: ("decimals" in m ? m.decimals : undefined) ?? (m.unit === "money" ? 0 : 2),
    source: `${m.source.mart}.${m.source.column}${"where" in m.source ? ` (${m.source.where})` : ""}`,
  }));
}
