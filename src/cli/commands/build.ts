import type { Command } from "commander";
import { buildModels, defaultAsOf, selectModels, type ModelBuildResult } from "../../../models/build-models.js";
import { planBuild } from "../../../models/build-plan.js";
import { MODELS } from "../../../models/registry.js";
import { ensureSchema } from "../../db/ensure-schema.js";
import { createContext, withConfiguredWarehouse, type CliContext } from "../context.js";
import { textTable } from "../output.js";
import { printBuildPlan, warnSpill } from "../print-status.js";
import { isoDate } from "../parse-options.js";

interface BuildOptions {
  select?: string;
  asOf?: string;
  full?: boolean;
  dryRun?: boolean;
}

export function registerBuild(program: Command): void {
  program
    .command("build")
    .description("build the models (core tables and marts) in dependency order and run their data tests")
    .option("--select <model>", "build one model; `model+` adds everything downstream, `+model` everything upstream")
    .option("--as-of <date>", "the date the models describe, YYYY-MM-DD (default: the last day with receipts)")
    .option("--full", "rebuild every model from scratch, whatever changed")
    .option("--dry-run", "list what a build would rebuild and why, and build nothing")
    .addHelpText("after", `\nModels: ${MODELS.map((m) => m.name).join(", ")}`)
    .action(async (options: BuildOptions, command: Command) => {
      await runBuild(createContext(command.optsWithGlobals()), options);
    });
}

export async function runBuild(ctx: CliContext, options: BuildOptions = {}): Promise<ModelBuildResult[]> {
  const { config, output, progress } = ctx;
  if (options.asOf !== undefined) isoDate(options.asOf, "--as-of");
  const models = selectModels(MODELS, options.select);
  const started = Date.now();
  return withConfiguredWarehouse(config, async (wh) => {
    await ensureSchema(wh);
    const lastDay = await defaultAsOf(wh);
    const asOf = options.asOf ?? lastDay;
    if (asOf > lastDay) {
      output.warn(`--as-of ${asOf} is after the last day of receipts (${lastDay}): the models will read the days between as days without purchases (recency grows, members drift towards churn).`);
    }
    if (options.dryRun) {
      const plan = await planBuild(wh, models, { asOf, params: config.models }, { full: options.full });
      output.event("plan", plan.map((p) => ({ model: p.model.name, action: p.action, reasons: p.reasons, lastBuiltAt: p.last?.builtAt ?? null })));
      output.say(`A build as of ${asOf} would do this (nothing was built):`);
      printBuildPlan(output, plan);
      return [];
    }
    output.say(`Building ${models.length} model(s) as of ${asOf}`);
    progress.start(models.length, models[0]?.name ?? "");
    let built = 0;
    const results = await buildModels(wh, models, { asOf, params: config.models }, {
      full: options.full,
      onModel: (r) => {
        progress.update(++built, r.model);
        output.event("model", r);
      },
    });
    progress.stop();
    output.say(
      textTable(
        ["model", "mode", "rows", "tests", "time", "why"],
        results.map((r) => [
          r.model, r.mode === "incremental" ? `incremental (${output.number(r.changedRows ?? 0)} keys)` : r.mode,
          output.number(r.rows), r.mode === "unchanged" ? "" : String(r.tests), r.mode === "unchanged" ? "" : output.duration(r.durationMs), r.reasons.join("; "),
        ]),
        [2, 3, 4],
      ),
    );
    for (const r of results) if (r.warning) output.warn(`${r.model}${r.rows === 0 ? " is empty" : ""}: ${r.warning}`);
    warnSpill(output, await wh.memoryLimit(), results.filter((r) => r.spilledBytes).map((r) => ({ what: `building ${r.model}`, bytes: r.spilledBytes! })));
    const rebuilt = results.filter((r) => r.mode !== "unchanged").length;
    output.say(
      `Built ${rebuilt} of ${results.length} model(s) in ${output.duration(Date.now() - started)}` +
        (rebuilt ? "; all their data tests passed." : ": nothing they are made from changed since the last build."),
    );
    return results;
  });
}
