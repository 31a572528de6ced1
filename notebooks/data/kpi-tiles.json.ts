// Data loader: runs at build time, writes JSON to stdout. The work is in reports/.
import { kpiTiles } from "../../reports/kpi-tiles.js";
import { siteSnapshotDir } from "../../reports/query-snapshot.js";

process.stdout.write(JSON.stringify(await kpiTiles(siteSnapshotDir())));
