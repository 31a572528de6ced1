// Data loader: runs at build time, writes JSON to stdout. The work is in reports/.
import { profileQuality } from "../../reports/profile-quality.js";
import { siteSnapshotDir } from "../../reports/query-snapshot.js";

process.stdout.write(JSON.stringify(await profileQuality(siteSnapshotDir())));
