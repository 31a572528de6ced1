import type { Command } from "commander";
import { quarantinedRows, warehouseStatus } from "../../../ingest/warehouse-status.js";
import { ensureSchema } from "../../db/ensure-schema.js";
import { positiveInt } from "../parse-options.js";
import { withConfiguredWarehouse } from "../../app/configured-warehouse.js";
import { createContext } from "../context.js";
import { textTable } from "../output.js";
import { printBuildPlan, printWarehouseSummary } from "../print-status.js";
import { defaultAsOf, dependencyOrder } from "../../../models/build-models.js";
import { planBuild } from "../../../models/build-plan.js";
import { MODELS } from "../../../models/registry.js";

export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("show what is loaded (files, rows, date ranges, quarantined rows) and, per model, its last build and what the next one will rebuild")
    .option("--quarantine [n]", "list the quarantined rows (file, line, field, reason), the first n (default 50)")
    .action(async (options: { quarantine?: string | boolean }, command: Command) => {
      const { config, output } = createContext(command.optsWithGlobals());
      await withConfiguredWarehouse(config, async (wh) => {
        await ensureSchema(wh);
        const status = await warehouseStatus(wh);
        output.event("status", status);
        output.say(`Warehouse ${config.warehouse}: ${output.number(status.files.length)} file(s) loaded`);
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
        if (status.tables.some((t) => t.table === "stg_receipts" && t.rows > 0)) {
          const plan = await planBuild(wh, dependencyOrder(MODELS), { asOf: await defaultAsOf(wh), params: config.models });
          output.event("models", plan.map((p) => ({ model: p.model.name, lastBuiltAt: p.last?.builtAt ?? null, asOf: p.last?.asOf ?? null, next: p.action, reasons: p.reasons })));
          output.say("\nModels");
          printBuildPlan(output, plan);
        }
        if (options.quarantine) {
          const rows = await quarantinedRows(wh, options.quarantine === true ? 50 : positiveInt(String(options.quarantine), "--quarantine"));
          output.event("quarantine", { rows });
          output.say("\nQuarantined rows");
          output.say(textTable(["file", "line", "field", "reason", "value"], rows.map((r) => [r.fileName, String(r.line), r.field ?? "", r.reason, r.value ?? ""]), [1]));
        }
      });
    });
}
