import type { Command } from "commander";
import { assertSyncFinished, sendToDestination } from "../../app/send-to-destination.js";
import { destinationSyncs, failedSyncRows } from "../../app/sync-log.js";
import type { SyncResult } from "../../delivery/sync-segment.js";
import { createContext, type CliContext } from "../context.js";
import { textTable, type Output } from "../output.js";
import { positiveInt } from "../parse-options.js";

interface SyncOptions {
  segment?: string[];
  full?: boolean;
  dryRun?: boolean;
  history?: boolean;
  errors?: string;
}

/** How much of a sync's error the history table shows; `--errors <sync>` shows it whole. */
const ERROR_COLUMN_WIDTH = 60;

export function registerSync(program: Command): void {
  program
    .command("sync <destination>")
    .description("send segments to a configured destination: only who was added or removed since the last confirmed sync")
    .option("--segment <name...>", "segments to send (default: the destination's list in the config)")
    .option("--full", "resend every member (the destination lost its copy)")
    .option("--dry-run", "show what would be sent, send nothing")
    .option("--history", "show the destination's last syncs instead")
    .option("--errors <sync>", "list the rows a sync (its number in --history) could not send, with the error")
    .action(async (destination: string, options: SyncOptions, command: Command) => {
      const ctx = createContext(command.optsWithGlobals());
      if (options.errors !== undefined) await printErrors(ctx, destination, positiveInt(options.errors, "--errors"));
      else if (options.history) await printHistory(ctx, destination);
      else await syncNow(ctx, destination, options);
    });
}

export function printSyncResults(output: Output, results: SyncResult[]): void {
  for (const r of results) {
    const dryRun = r.status === "dry_run";
    // a dry run sends no batch: it shows the batches the sync would take
    const batches = dryRun ? r.plannedBatches : r.batches;
    const verb = dryRun ? "would send" : "sent";
    const done = dryRun ? [r.plannedUpserts, r.plannedRemoves] : [r.sentUpserts, r.sentRemoves];
    output.say(`${r.segment} → ${r.destination}: ${verb} ${output.number(done[0])} added/changed, ${output.number(done[1])} removed in ${output.number(batches)} batch(es); ${r.status}`);
    if (r.sample) output.say(`  first added: ${r.sample.upsert.join(", ") || "–"}\n  first removed: ${r.sample.remove.join(", ") || "–"}`);
  }
}

async function syncNow({ config, output, events }: CliContext, destination: string, options: SyncOptions): Promise<void> {
  const results = await sendToDestination(config, destination, { segments: options.segment, full: options.full, dryRun: options.dryRun }, events);
  printSyncResults(output, results);
  assertSyncFinished(destination, results);
}

async function printHistory({ config, output, events }: CliContext, destination: string): Promise<void> {
  const runs = await destinationSyncs(config, destination, events);
  output.say(
    textTable(
      ["sync", "segment", "run", "mode", `started (${output.timeZone})`, "status", "added", "removed", "failed", "batches", "error"],
      runs.map((r) => [String(r.sync_id), r.segment, String(r.run_id), r.mode, output.dateTime(r.started_at, "second"), r.status,
        output.number(r.sent_upserts), output.number(r.sent_removes), output.number(r.failed), String(r.batches), clip(r.error ?? "", ERROR_COLUMN_WIDTH)]),
      [0, 2, 6, 7, 8, 9],
    ),
  );
  if (runs.some((r) => r.failed > 0)) output.say(`The failed rows of a sync: loyalty sync ${destination} --errors <sync>`);
}

/** `--errors <sync>`: the rows the destination did not take, each with its error. */
async function printErrors({ config, output, events }: CliContext, destination: string, syncId: number): Promise<void> {
  const errors = await failedSyncRows(config, destination, syncId, events);
  if (!errors.length) {
    output.say(`Sync ${syncId} to ${destination} has no failed rows.`);
    return;
  }
  output.say(textTable(["batch", "member key", "error"], errors.map((e) => [String(e.batch_no), e.member_key, e.error]), [0]));
  output.say(`${output.number(errors.length)} row(s) of sync ${syncId} were not confirmed (the destination may or may not hold them); the next sync to ${destination} sends them again, or removes them if they are no longer wanted.`);
}

function clip(text: string, width: number): string {
  const line = text.split("\n")[0];
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}
