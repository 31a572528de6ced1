// Data loader: the till's offers of every segment's latest run (pos shape), as CSV. The work is in reports/.
import { offersCsv, segmentOffers } from "../../reports/segment-offers.js";
import { siteSnapshotDir } from "../../reports/query-snapshot.js";
import { loadConfig } from "../../src/config/config.js";

const publish = loadConfig(process.env.LOYALTY_CONFIG || undefined).segments.publishOffersOnSite;
process.stdout.write(offersCsv(publish ? await segmentOffers(siteSnapshotDir()) : []));
