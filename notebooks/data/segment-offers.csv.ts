// Data loader: the till's offers of every segment's latest run (pos shape), as CSV. The work is in reports/.
import { offersCsv, segmentOffers } from "../../reports/segment-offers.js";
import { siteConfig, siteSnapshotDir } from "../../reports/query-snapshot.js";

const publish = siteConfig().segments.publishOffersOnSite;
process.stdout.write(offersCsv(publish ? await segmentOffers(siteSnapshotDir()) : []));
