// Data loader: runs at build time, writes JSON to stdout. The work is in reports/.
import { cvmHistory } from "../../reports/cvm-history.js";
import { siteSnapshotDir } from "../../reports/query-snapshot.js";

process.stdout.write(JSON.stringify(await cvmHistory(siteSnapshotDir())));
