/**
 * The names of the codes the site shows (lifecycle stages in their order, message channels, the
 * portrait's age bands in order, registration channels), from their declarations, so the pages do not keep a second list.
 */
import { CVM_STAGE_NAMES_RU, CVM_STAGES } from "../models/marts/cvm-states.js";
import { AGE_BANDS } from "../models/marts/mart-portrait.js";
import { CHANNEL_NAMES_RU } from "../segments/channel-cascade.js";
import { MESSAGE_CHANNELS, REGISTRATION_CHANNEL_NAMES_RU } from "../src/db/schema.js";
import { SITE_PAGES } from "../src/site/site-pages.js";

export interface SiteCodeNames {
  /** Stage code and name, in the lifecycle's order. */
  stages: { code: string; name: string }[];
  /** Channel code and name, in the order segments list them. */
  channels: { code: string; name: string }[];
  /** mart_portrait's age bands from the youngest, "unknown" last. */
  age_bands: string[];
  /** Registration channel code and name. */
  registration_channels: { code: string; name: string }[];
  /** The site's pages, for links that name them. */
  pages: { path: string; title: string }[];
}

export function siteCodeNames(): SiteCodeNames {
  return {
    stages: CVM_STAGES.map((code) => ({ code, name: CVM_STAGE_NAMES_RU[code] })),
    channels: MESSAGE_CHANNELS.map((code) => ({ code, name: CHANNEL_NAMES_RU[code] })),
    age_bands: [...AGE_BANDS],
    registration_channels: Object.entries(REGISTRATION_CHANNEL_NAMES_RU).map(([code, name]) => ({ code, name })),
    pages: SITE_PAGES.map(({ path, title }) => ({ path, title })),
  };
}
