/** The results of the services `npm start` and a scheduled job call, printed as the command of the same name prints them. */
import type { ResultReporter } from "../app/result-reporter.js";
import { printBuildResult } from "./commands/build.js";
import { printSampleChain } from "./commands/generate.js";
import { printIngestResult } from "./commands/ingest.js";
import { printPublishResult } from "./commands/publish.js";
import { printSegmentRuns } from "./commands/segments.js";
import { printSiteBuilt, printSiteServed } from "./commands/site.js";
import { printSyncResults } from "./commands/sync.js";
import type { Output } from "./output.js";

export function resultPrinter(output: Output): ResultReporter {
  return {
    sampleChain: (result) => printSampleChain(output, result),
    ingest: (result) => printIngestResult(output, result),
    build: (result) => printBuildResult(output, result),
    segmentRuns: (result) => printSegmentRuns(output, result),
    publish: (result) => printPublishResult(output, result),
    siteBuilt: (result) => printSiteBuilt(output, result),
    siteServed: (site) => printSiteServed(output, site),
    sync: (results) => printSyncResults(output, results),
  };
}
