// Data loader: runs at build time, writes JSON to stdout. The work is in reports/.
import { conversionByChannel } from "../../reports/conversion-by-channel.js";
import { siteSnapshotDir } from "../../reports/query-snapshot.js";

process.stdout.write(JSON.stringify(await conversionByChannel(siteSnapshotDir())));
