import type { Command } from "commander";
import { runPipeline, START_STEPS } from "../../app/start-pipeline.js";
import { createContext } from "../context.js";
import { portNumber } from "../parse-options.js";
import { resultPrinter } from "../result-printer.js";

export function registerStart(program: Command): void {
  program
    .command("start")
    .description("the quick start: generate the sample chain if absent, ingest it, build the models, run the segments, publish the snapshot, build and serve the report site")
    .action(async (_options: object, command: Command) => {
      const { config, output, events } = createContext(command.optsWithGlobals());
      const { elapsedMs } = await runPipeline({ config, events, report: resultPrinter(output), sitePort: portNumber(process.env.PORT) }, START_STEPS);
      output.say(`\nDone in ${output.duration(elapsedMs)}.`);
    });
}
