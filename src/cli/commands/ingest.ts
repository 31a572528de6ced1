import type { Command } from "commander";
import { loadMappingProfile } from "../../../ingest/mapping-profile.js";
import { ingestPlan, planIngest } from "../../../ingest/ingest-paths.js";
import { warehouseStatus } from "../../../ingest/warehouse-status.js";
import type { FileLoadResult } from "../../../ingest/load-file.js";
import { ensureSchema } from "../../db/ensure-schema.js";
import { pruneIngestTemp } from "../../../ingest/prune-ingest-temp.js";
import { CORRECTIONS, type Corrections } from "../../../ingest/mapping-profile.js";
import { FEED_NAMES, type FeedName } from "../../db/schema.js";
import { EXIT, UsageError } from "../../errors.js";
import { createContext, withConfiguredWarehouse, type CliContext, type GlobalOptions } from "../context.js";
import { printFileResults, printWarehouseSummary, warnSpill } from "../print-status.js";

interface IngestOptions extends GlobalOptions {
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
    .action(async (paths: string[], options: IngestOptions, command: Command) => {
      await runIngest(createContext(command.optsWithGlobals()), paths, options);
    });
}

export async function runIngest(ctx: CliContext, paths: string[], options: Omit<IngestOptions, keyof GlobalOptions>): Promise<FileLoadResult[]> {
  const { output, progress, config } = ctx;
  if (options.feed && !FEED_NAMES.includes(options.feed as FeedName)) {
    throw new UsageError(`--feed ${options.feed}: not a feed. Feeds: ${FEED_NAMES.join(", ")}`);
  }
  if (options.corrections && !CORRECTIONS.includes(options.corrections as Corrections)) {
    throw new UsageError(`--corrections ${options.corrections}: use ${CORRECTIONS.join(" or ")}`);
  }
  // what a killed ingest left: its UTF-8 copies of the feeds in the temp folder
  const pruned = await pruneIngestTemp();
  if (pruned.length) output.warn(`Removed ${pruned.length} temp folder(s) that a killed ingest left: ${pruned.join(", ")}`);
  const profile = options.profile ? await loadMappingProfile(options.profile) : undefined;
  const plan = await planIngest(paths, { feed: options.feed as FeedName | undefined, profile });
  for (const skipped of plan.unrecognised) output.warn(`${skipped}: not a known feed name, not loaded (use --feed to load it)`);
  const started = Date.now();
  return withConfiguredWarehouse(config, async (wh) => {
    await ensureSchema(wh);
    progress.start(plan.files.length, "");
    const { result: results, spilledBytes } = await wh.watchSpill(() => ingestPlan(wh, plan, {
      profile,
      corrections: options.corrections as Corrections | undefined,
      failOnQuarantine: options.failOnQuarantine,
      futureToleranceDays: config.ingest.futureToleranceDays,
      timeZone: config.timeZone,
      onStart: (entry, i) => progress.update(i, entry.path),
      onFile: (result, i) => {
        progress.update(i + 1, result.file);
        output.event("file", result);
      },
    }));
    progress.stop();
    printFileResults(output, results);
    warnSpill(output, await wh.memoryLimit(), spilledBytes ? [{ what: "loading the files", bytes: spilledBytes }] : []);
    const status = await warehouseStatus(wh);
    printWarehouseSummary(output, status);
    output.event("summary", { ...status, elapsedMs: Date.now() - started });
    output.say(`\nIngested ${output.number(results.filter((r) => r.status === "loaded").length)} file(s) in ${output.duration(Date.now() - started)}.`);
    return results;
  });
}
