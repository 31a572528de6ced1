// Data loader: runs at build time, writes JSON to stdout. The work is in reports/.
import { cvmTransitions } from "../../reports/cvm-transitions.js";
import { siteSnapshotDir } from "../../reports/query-snapshot.js";

process.stdout.write(JSON.stringify(await cvmTransitions(siteSnapshotDir())));
