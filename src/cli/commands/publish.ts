import type { Command } from "commander";
import { publishWarehouse, type PublishResult } from "../../app/publish-warehouse.js";
import { createContext } from "../context.js";
import type { Output } from "../output.js";

export function registerPublish(program: Command): void {
  program
    .command("publish")
    .description("write the read-only Parquet snapshot (new folder, then an atomic switch of `current`)")
    .action(async (_options: object, command: Command) => {
      const { config, output, events } = createContext(command.optsWithGlobals());
      printPublishResult(output, await publishWarehouse(config, events));
    });
}

export function printPublishResult(output: Output, { snapshot, snapshotDir, elapsedMs }: PublishResult): void {
  output.say(`Published snapshot ${snapshot.id}: ${snapshot.tables.length} tables → ${snapshotDir}/current (${output.duration(elapsedMs)})`);
}
