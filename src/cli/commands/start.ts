import type { Command } from "commander";
import { runPipeline, START_STEPS } from "../../pipeline/start-pipeline.js";
import { createContext } from "../context.js";

export function registerStart(program: Command): void {
  program
    .command("start")
    .description("the quick start: generate the sample chain if absent, ingest it, build the models, run the segments, publish the snapshot, build and serve the report site")
    .action(async (_options: object, command: Command) => {
      await runPipeline(createContext(command.optsWithGlobals()), START_STEPS);
    });
}
