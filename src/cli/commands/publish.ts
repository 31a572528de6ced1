import type { Command } from "commander";
import { ensureSchema } from "../../db/ensure-schema.js";
import { publishSnapshot, type PublishedSnapshot } from "../../snapshot/publish-snapshot.js";
import { createContext, withConfiguredWarehouse, type CliContext } from "../context.js";

export function registerPublish(program: Command): void {
  program
    .command("publish")
    .description("write the read-only Parquet snapshot (new folder, then an atomic switch of `current`)")
    .action(async (_options: object, command: Command) => {
      await runPublish(createContext(command.optsWithGlobals()));
    });
}

export async function runPublish(ctx: CliContext): Promise<PublishedSnapshot> {
  const { config, output, progress } = ctx;
  const started = Date.now();
  return withConfiguredWarehouse(config, async (wh) => {
    await ensureSchema(wh);
    const snapshot = await publishSnapshot(wh, config.snapshotDir, config.keepSnapshots, (table, index, total) => {
      if (index === 0) progress.start(total, table);
      progress.update(index, table);
    });
    progress.stop();
    if (snapshot.pruned.length) output.warn(`Removed what killed publishes left: ${snapshot.pruned.join(", ")}`);
    output.event("published", { ...snapshot, elapsedMs: Date.now() - started });
    output.say(`Published snapshot ${snapshot.id}: ${snapshot.tables.length} tables → ${config.snapshotDir}/current (${output.duration(Date.now() - started)})`);
    return snapshot;
  });
}
