// Data loader: runs at build time, writes JSON to stdout. The work is in reports/.
import { lifetimeValue } from "../../reports/lifetime-value.js";
import { siteSnapshotDir } from "../../reports/query-snapshot.js";

process.stdout.write(JSON.stringify(await lifetimeValue(siteSnapshotDir())));
