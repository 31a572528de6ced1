// Data loader: runs at build time, writes JSON to stdout. The work is in reports/.
import { siteSettings } from "../../reports/site-settings.js";
import { siteSnapshotDir } from "../../reports/query-snapshot.js";

process.stdout.write(JSON.stringify(await siteSettings(siteSnapshotDir())));
