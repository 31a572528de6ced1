/**
 * `loyalty`: the command line of the warehouse. Exit codes scripts can rely on:
 * 0 success · 1 unexpected failure · 2 bad usage or config · 3 unreadable input (or quarantined rows
 * with --fail-on-quarantine) · 4 warehouse busy (another process writes it) · 5 a data test failed · 6 a destination could not take a sync (it resumes on the next run).
 */
import { Command, CommanderError } from "commander";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EXIT, LoyaltyError } from "../errors.js";

type Register = (program: Command) => void;

/**
 * Each command's module, loaded only when that command runs (or for the list in `--help`): a
 * command then pays only for the modules it uses, not for every command's (DuckDB, the models,
 * exports, the scheduler, the site).
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  generate: async () => (await import("./commands/generate.js")).registerGenerate,
  ingest: async () => (await import("./commands/ingest.js")).registerIngest,
  feeds: async () => (await import("./commands/feeds.js")).registerFeeds,
  profile: async () => (await import("./commands/profile.js")).registerProfile,
  build: async () => (await import("./commands/build.js")).registerBuild,
  status: async () => (await import("./commands/status.js")).registerStatus,
  publish: async () => (await import("./commands/publish.js")).registerPublish,
  diagnose: async () => (await import("./commands/diagnose.js")).registerDiagnose,
  start: async () => (await import("./commands/start.js")).registerStart,
  site: async () => (await import("./commands/site.js")).registerSite,
  segments: async () => (await import("./commands/segments.js")).registerSegments,
  sync: async () => (await import("./commands/sync.js")).registerSync,
  // `schedule` and `run` share a module
  schedule: async () => (await import("./commands/schedule.js")).registerSchedule,
};
const MODULE_OF: Record<string, string> = { run: "schedule" };
/** Global options that take a value (the command name comes after them). */
const GLOBAL_VALUE_OPTIONS = new Set(["--config", "--warehouse"]);

export async function buildProgram({ json = false, argv = [] as string[] } = {}): Promise<Command> {
  const program = new Command("loyalty")
    .description("loyalty-warehouse: load a retail chain's loyalty feeds, model them, publish reports")
    .option("--config <file>", "config file (default: loyalty.config.json/.yaml in this folder, if any)")
    .option("--warehouse <file>", "the DuckDB warehouse file (default from config: data/warehouse.duckdb)")
    .option("--json", "print one JSON object per event instead of text (for schedulers and logs)")
    .option("--quiet", "print errors only")
    .version(packageVersion(), "-V, --version", "print the version")
    .showHelpAfterError()
    .exitOverride();
  // In JSON mode stderr carries JSON only: commander's own text (and help after an error) is
  // replaced by the error object main() prints. Subcommands inherit this setting.
  if (json) program.configureOutput({ writeErr: () => {} });
  const named = commandName(argv);
  const wanted = named && COMMANDS[MODULE_OF[named] ?? named] ? [MODULE_OF[named] ?? named] : Object.keys(COMMANDS);
  for (const name of wanted) (await COMMANDS[name]())(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const json = isJsonMode(argv);
  try {
    await (await buildProgram({ json, argv })).parseAsync(argv);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with code 0; commander has printed its text already
      if (err.exitCode === 0) return EXIT.ok;
      if (json) printError(true, commanderMessage(err), EXIT.usage);
      return EXIT.usage;
    }
    if (err instanceof LoyaltyError) {
      printError(json, err.message, err.exitCode);
      return err.exitCode;
    }
    const error = err as Error;
    if (json) printError(true, `unexpected error: ${error.message ?? String(err)}`, EXIT.unexpected, error.stack);
    else process.stderr.write(`unexpected error: ${error.stack ?? String(err)}\n`);
    return EXIT.unexpected;
  }
}

/** Commander's error without its "error: " prefix; a group named without a subcommand says so (its help is not printed in JSON mode). */
function commanderMessage(err: CommanderError): string {
  if (err.code === "commander.help") return "a subcommand is needed: add --help to list them";
  return err.message.replace(/^error: /, "");
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8")) as { version: string }).version;
}

/** The command named on the command line (`node loyalty.js [global options] <command> …`), if any. */
function commandName(argv: string[]): string | undefined {
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i];
    if (GLOBAL_VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith("-")) return arg;
  }
  return undefined;
}

/** `--json` among the global options (before a `--` that ends them). */
function isJsonMode(argv: string[]): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).includes("--json");
}

/** One line on stderr: text for people, or one JSON object a log collector can parse. */
function printError(json: boolean, message: string, exitCode: number, stack?: string): void {
  if (json) process.stderr.write(`${JSON.stringify({ type: "error", message, exitCode, ...(stack ? { stack } : {}) })}\n`);
  else process.stderr.write(`error: ${message}\n`);
}

/**
 * `loyalty segments preview … | head`: once the reader has gone, nothing printed can reach anyone,
 * so the process ends quietly (exit 0) instead of with an EPIPE stack trace.
 */
export function exitQuietlyWhenStdoutCloses(): void {
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(EXIT.ok);
    throw err;
  });
}
