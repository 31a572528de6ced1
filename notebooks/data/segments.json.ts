// Data loader: runs at build time, writes JSON to stdout. The work is in reports/.
import { segments } from "../../reports/segments.js";
import { siteConfig, siteSnapshotDir } from "../../reports/query-snapshot.js";

const offersOnSite = siteConfig().segments.publishOffersOnSite;
process.stdout.write(JSON.stringify({ ...(await segments(siteSnapshotDir())), offers_on_site: offersOnSite }));
