import type { Command } from "commander";
import { SyncFailedError } from "../../delivery/delivery-errors.js";
import { syncDestination } from "../../delivery/sync-destination.js";
import { syncHistory } from "../../delivery/sync-store.js";
import type { SyncResult } from "../../delivery/sync-segment.js";
import { createContext, withConfiguredWarehouse, type CliContext } from "../context.js";
import { textTable } from "../output.js";

interface SyncOptions {
  segment?: string[];
  full?: boolean;
  dryRun?: boolean;
  history?: boolean;
}

export function registerSync(program: Command): void {
  program
    .command("sync <destination>")
    .description("send segments to a configured destination: only who was added or removed since the last confirmed sync")
    .option("--segment <name...>", "segments to send (default: the destination's list in the config)")
    .option("--full", "resend every member (the destination lost its copy)")
    .option("--dry-run", "show what would be sent, send nothing")
    .option("--history", "show the destination's last syncs instead")
    .action(async (destination: string, options: SyncOptions, command: Command) => {
      const ctx = createContext(command.optsWithGlobals());
      if (options.history) await printHistory(ctx, destination);
      else await runSync(ctx, destination, options);
    });
}

export async function runSync(ctx: CliContext, destination: string, options: SyncOptions, signal?: AbortSignal): Promise<SyncResult[]> {
  const { config, output, progress } = ctx;
  const results = await withConfiguredWarehouse(config, (wh) =>
    syncDestination(wh, config, destination, {
      segments: options.segment, full: options.full, dryRun: options.dryRun, signal,
      onSegment: (segment, runId, fresh) => {
        output.say(`${segment}: run ${runId}${fresh ? " (made now: the models or the definition changed)" : ""}`);
        progress.start(1, segment);
      },
      onBatch: (segment, sent, planned) => {
        progress.start(planned, segment);
        progress.update(sent, segment);
      },
    }),
  );
  progress.stop();
  for (const r of results) {
    output.event("sync", { ...r });
    const verb = r.status === "dry_run" ? "would send" : "sent";
    const done = r.status === "dry_run" ? [r.plannedUpserts, r.plannedRemoves] : [r.sentUpserts, r.sentRemoves];
    output.say(`${r.segment} → ${destination}: ${verb} ${output.number(done[0])} added/changed, ${output.number(done[1])} removed in ${r.batches} batch(es); ${r.status}`);
    if (r.sample) output.say(`  first added: ${r.sample.upsert.join(", ") || "–"}\n  first removed: ${r.sample.remove.join(", ") || "–"}`);
  }
  const failed = results.find((r) => r.status === "failed");
  if (failed) throw new SyncFailedError(destination, failed.segment, failed.error ?? "unknown error");
  // a stopped sync is not a finished one: the job that ran it must not be recorded ok
  const stopped = results.find((r) => r.status === "cancelled");
  if (stopped) throw new SyncFailedError(destination, stopped.segment, "stopped between batches");
  return results;
}

async function printHistory({ config, output }: CliContext, destination: string): Promise<void> {
  const runs = await withConfiguredWarehouse(config, (wh) => syncHistory(wh, destination));
  for (const r of runs) output.event("sync_run", { ...r });
  output.say(
    textTable(
      ["sync", "segment", "run", "mode", "started (UTC)", "status", "added", "removed", "failed", "batches"],
      runs.map((r) => [String(r.sync_id), r.segment, String(r.run_id), r.mode, r.started_at.toISOString().slice(0, 19).replace("T", " "), r.status,
        output.number(r.sent_upserts), output.number(r.sent_removes), output.number(r.failed), String(r.batches)]),
      [0, 2, 6, 7, 8, 9],
    ),
  );
}
