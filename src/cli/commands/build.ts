import type { Command } from "commander";
import { MODELS } from "../../../models/registry.js";
import { buildWarehouse, planWarehouseBuild, type BuildOptions, type BuildResult } from "../../app/build-warehouse.js";
import { createContext } from "../context.js";
import { textTable, type Output } from "../output.js";
import { printBuildPlan, warnSpill } from "../print-status.js";
import { isoDate } from "../parse-options.js";

export function registerBuild(program: Command): void {
  program
    .command("build")
    .description("build the models (core tables and marts) in dependency order and run their data tests")
    .option("--select <model>", "build one model; `model+` adds everything downstream, `+model` everything upstream")
    .option("--as-of <date>", "the date the models describe, YYYY-MM-DD (default: the last day with receipts)")
    .option("--full", "rebuild every model from scratch, whatever changed")
    .option("--dry-run", "list what a build would rebuild and why, and build nothing")
    .addHelpText("after", `\nModels: ${MODELS.map((m) => m.name).join(", ")}`)
    .action(async (options: BuildOptions & { dryRun?: boolean }, command: Command) => {
      const { config, output, events } = createContext(command.optsWithGlobals());
      if (options.asOf !== undefined) isoDate(options.asOf, "--as-of");
      const { dryRun, ...buildOptions } = options;
      if (dryRun) {
        const { asOf, plan } = await planWarehouseBuild(config, buildOptions, events);
        output.say(`A build as of ${asOf} would do this (nothing was built):`);
        printBuildPlan(output, plan);
      } else {
        printBuildResult(output, await buildWarehouse(config, buildOptions, events));
      }
    });
}

export function printBuildResult(output: Output, { models, memoryLimit, elapsedMs }: BuildResult): void {
  output.say(
    textTable(
      ["model", "mode", "rows", "tests", "time", "why"],
      models.map((r) => [
        r.model, r.mode === "incremental" ? `incremental (${output.number(r.changedRows ?? 0)} keys)` : r.mode,
        output.number(r.rows), r.mode === "unchanged" ? "" : String(r.tests), r.mode === "unchanged" ? "" : output.duration(r.durationMs), r.reasons.join("; "),
      ]),
      [2, 3, 4],
    ),
  );
  for (const r of models) if (r.warning) output.warn(`${r.model}${r.rows === 0 ? " is empty" : ""}: ${r.warning}`);
  warnSpill(output, memoryLimit, models.filter((r) => r.spilledBytes).map((r) => ({ what: `building ${r.model}`, bytes: r.spilledBytes! })));
  const rebuilt = models.filter((r) => r.mode !== "unchanged").length;
  output.say(
    `Built ${rebuilt} of ${models.length} model(s) in ${output.duration(elapsedMs)}` +
      (rebuilt ? "; all their data tests passed." : ": nothing they are made from changed since the last build."),
  );
}
