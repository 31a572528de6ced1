/**
 * `loyalty`: the command line of the warehouse. Exit codes scripts can rely on:
 * 0 success · 1 unexpected failure · 2 bad usage or config · 3 unreadable input (or quarantined rows
 * with --fail-on-quarantine) · 4 warehouse busy (another process writes it) · 5 a data test failed · 6 a destination could not take a sync (it resumes on the next run).
 */
import { Command, CommanderError } from "commander";
import { EXIT, LoyaltyError } from "../errors.js";
import { registerBuild } from "./commands/build.js";
import { registerGenerate } from "./commands/generate.js";
import { registerIngest } from "./commands/ingest.js";
import { registerPublish } from "./commands/publish.js";
import { registerSchedule } from "./commands/schedule.js";
import { registerSegments } from "./commands/segments.js";
import { registerSite } from "./commands/site.js";
import { registerSync } from "./commands/sync.js";
import { registerStart } from "./commands/start.js";
import { registerStatus } from "./commands/status.js";

export function buildProgram(): Command {
  const program = new Command("loyalty")
    .description("loyalty-warehouse: load a retail chain's loyalty feeds, model them, publish reports")
    .option("--config <file>", "config file (default: loyalty.config.json/.yaml in this folder, if any)")
    .option("--warehouse <file>", "the DuckDB warehouse file (default from config: data/warehouse.duckdb)")
    .option("--json", "print one JSON object per event instead of text (for schedulers and logs)")
    .option("--quiet", "print errors only")
    .showHelpAfterError()
    .exitOverride();
  for (const register of [registerGenerate, registerIngest, registerBuild, registerStatus, registerPublish, registerStart, registerSite, registerSegments, registerSync, registerSchedule]) register(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with code 0
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof LoyaltyError) {
      process.stderr.write(`error: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`unexpected error: ${(err as Error).stack ?? String(err)}\n`);
    return EXIT.unexpected;
  }
}
