import type { Command } from "commander";
import { buildModels, defaultAsOf, selectModels, type ModelBuildResult } from "../../../models/build-models.js";
import { MODELS } from "../../../models/registry.js";
import { ensureSchema } from "../../db/ensure-schema.js";
import { createContext, withConfiguredWarehouse, type CliContext } from "../context.js";
import { textTable } from "../output.js";
import { isoDate } from "../parse-options.js";

interface BuildOptions {
  select?: string;
  asOf?: string;
  full?: boolean;
}

export function registerBuild(program: Command): void {
  program
    .command("build")
    .description("build the models (core tables and marts) in dependency order and run their data tests")
    .option("--select <model>", "build one model; `model+` adds everything downstream, `+model` everything upstream")
    .option("--as-of <date>", "the date the models describe, YYYY-MM-DD (default: the last day with receipts)")
    .option("--full", "rebuild incremental models from scratch")
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
        ["model", "mode", "rows", "tests", "time"],
        results.map((r) => [r.model, r.mode, output.number(r.rows), String(r.tests), output.duration(r.durationMs)]),
        [2, 3, 4],
      ),
    );
    for (const r of results) if (r.warning) output.warn(`${r.model}${r.rows === 0 ? " is empty" : ""}: ${r.warning}`);
    output.say(`Built ${results.length} model(s) in ${output.duration(Date.now() - started)}; all data tests passed.`);
    return results;
  });
}
