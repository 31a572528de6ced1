import type { Command } from "commander";
import { warehouseOverview, type WarehouseOverview } from "../../app/warehouse-overview.js";
import { positiveInt } from "../parse-options.js";
import { createContext } from "../context.js";
import { textTable, type Output } from "../output.js";
import { printBuildPlan, printWarehouseSummary } from "../print-status.js";

export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("show what is loaded (files, rows, date ranges, quarantined rows) and, per model, its last build and what the next one will rebuild")
    .option("--quarantine [n]", "list the quarantined rows (file, line, field, reason), the first n (default 50)")
    .action(async (options: { quarantine?: string | boolean }, command: Command) => {
      const { config, output, events } = createContext(command.optsWithGlobals());
      const quarantined = !options.quarantine ? undefined : options.quarantine === true ? 50 : positiveInt(String(options.quarantine), "--quarantine");
      printOverview(output, config.warehouse, await warehouseOverview(config, { quarantined }, events));
    });
}

function printOverview(output: Output, warehouse: string, { status, plan, quarantined }: WarehouseOverview): void {
  output.say(`Warehouse ${warehouse}: ${output.number(status.files.length)} file(s) loaded`);
  if (status.files.length) {
    output.say(
      textTable(
        ["#", "file", "feed", "loaded at", "read", "loaded", "updated", "quarantined", "duplicates"],
        status.files.map((f) => [
          String(f.fileId), f.fileName, f.feed, f.loadedAt.toISOString().slice(0, 16).replace("T", " "),
          output.number(f.read), output.number(f.loaded), output.number(f.updated), output.number(f.quarantined), output.number(f.duplicates),
        ]),
        [0, 4, 5, 6, 7, 8],
      ),
    );
  }
  printWarehouseSummary(output, status);
  if (plan) {
    output.say("\nModels");
    printBuildPlan(output, plan);
  }
  if (quarantined) {
    output.say("\nQuarantined rows");
    output.say(textTable(["file", "line", "field", "reason", "value"], quarantined.map((r) => [r.fileName, String(r.line), r.field ?? "", r.reason, r.value ?? ""]), [1]));
  }
}
