/**
 * How an adapter shows the results of the services that `npm start` and a scheduled job call on its
 * behalf: the CLI prints each as the command of the same name does.
 */
import type { ServedSite } from "../site/serve-site.js";
import type { SiteBuildResult } from "../site/build-site.js";
import type { SyncResult } from "../delivery/sync-segment.js";
import type { BuildResult } from "./build-warehouse.js";
import type { IngestResult } from "./ingest-feeds.js";
import type { PublishResult } from "./publish-warehouse.js";
import type { SegmentRunsResult } from "./run-segments.js";
import type { SampleChainWritten } from "./write-sample-chain.js";

export interface ResultReporter {
  sampleChain(result: SampleChainWritten): void;
  ingest(result: IngestResult): void;
  build(result: BuildResult): void;
  segmentRuns(result: SegmentRunsResult): void;
  publish(result: PublishResult): void;
  siteBuilt(result: SiteBuildResult): void;
  siteServed(site: ServedSite): void;
  sync(results: SyncResult[]): void;
}
