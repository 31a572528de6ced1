// Data loader: runs at build time, writes JSON to stdout. The work is in reports/.
import { segments } from "../../reports/segments.js";
import { siteSnapshotDir } from "../../reports/query-snapshot.js";
import { loadConfig } from "../../src/config/config.js";

const offersOnSite = loadConfig(process.env.LOYALTY_CONFIG || undefined).segments.publishOffersOnSite;
process.stdout.write(JSON.stringify({ ...(await segments(siteSnapshotDir())), offers_on_site: offersOnSite }));
