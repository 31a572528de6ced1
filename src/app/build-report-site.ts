/** Builds the report site from the published snapshot: `loyalty site build` and `npm start`. */
import { siteDataSettings } from "../../reports/site-data.js";
import type { Config } from "../config/config.js";
import { buildSite, type SiteBuildResult } from "../site/build-site.js";
import type { AppEvents } from "./app-events.js";

export interface SiteBuildOptions {
  /** Output folder (default: dist). */
  out?: string;
}

export async function buildReportSite(config: Config, options: SiteBuildOptions, events: AppEvents): Promise<SiteBuildResult> {
  events.notice(`Building the report site from ${config.snapshotDir}/current …`);
  const result = await buildSite({ out: options.out, snapshotDir: config.snapshotDir, settings: siteDataSettings(config) });
  events.event("site-built", result);
  return result;
}
