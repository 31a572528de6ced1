import type { Command } from "commander";
import { CORRECTIONS, type Corrections } from "../../../ingest/mapping-profile.js";
import { ingestFeeds, type IngestResult } from "../../app/ingest-feeds.js";
import { FEED_NAMES } from "../../db/schema.js";
import { EXIT, UsageError } from "../../errors.js";
import { createContext } from "../context.js";
import type { Output } from "../output.js";
import { feedOption } from "../parse-options.js";
import { printFileResults, printWarehouseSummary, warnSpill } from "../print-status.js";

interface IngestCommandOptions {
  feed?: string;
  profile?: string;
  corrections?: string;
  failOnQuarantine?: boolean;
}

export function registerIngest(program: Command): void {
  program
    .command("ingest")
    .description("load feed files or folders into the warehouse (idempotent: a file already loaded is skipped)")
    .argument("<paths...>", "feed files or folders of feed files")
    .option("--feed <feed>", `the feed of the files, when their names do not say (${FEED_NAMES.join(", ")})`)
    .option("--profile <file>", "a mapping profile (JSON/YAML) for a foreign export")
    .option("--corrections <mode>", "a re-sent row (or receipt) that differs from the loaded one: reject (quarantine it as a conflict, the default) or replace (a corrected re-send replaces it)")
    .option("--fail-on-quarantine", `load nothing of a file with any quarantined row or conflict, and exit with code ${EXIT.input}`)
    .action(async (paths: string[], options: IngestCommandOptions, command: Command) => {
      const { config, output, events } = createContext(command.optsWithGlobals());
      const feed = feedOption(options.feed);
      if (options.corrections && !CORRECTIONS.includes(options.corrections as Corrections)) {
        throw new UsageError(`--corrections ${options.corrections}: use ${CORRECTIONS.join(" or ")}`);
      }
      const result = await ingestFeeds(config, paths, {
        feed,
        profile: options.profile,
        corrections: options.corrections as Corrections | undefined,
        failOnQuarantine: options.failOnQuarantine,
      }, events);
      printIngestResult(output, result);
    });
}

export function printIngestResult(output: Output, { files, status, spilledBytes, memoryLimit, elapsedMs }: IngestResult): void {
  printFileResults(output, files);
  warnSpill(output, memoryLimit, spilledBytes ? [{ what: "loading the files", bytes: spilledBytes }] : []);
  printWarehouseSummary(output, status);
  output.say(`\nIngested ${output.number(files.filter((r) => r.status === "loaded").length)} file(s) in ${output.duration(elapsedMs)}.`);
}
