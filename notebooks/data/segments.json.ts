// Data loader: runs at build time, writes JSON to stdout. The work is in reports/.
import { segments } from "../../reports/segments.js";
import { siteSnapshotDir } from "../../reports/query-snapshot.js";

process.stdout.write(JSON.stringify(await segments(siteSnapshotDir())));
