// Data loader: runs at build time, writes JSON to stdout. The work is in reports/.
import { revenueDecomposition } from "../../reports/revenue-decomposition.js";
import { siteSnapshotDir } from "../../reports/query-snapshot.js";

process.stdout.write(JSON.stringify(await revenueDecomposition(siteSnapshotDir())));
