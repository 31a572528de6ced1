import type { Command } from "commander";
import { writeSampleChain, type SampleChainWritten } from "../../app/write-sample-chain.js";
import { UsageError } from "../../errors.js";
import { positiveInt } from "../parse-options.js";
import { createContext } from "../context.js";
import type { Output } from "../output.js";

interface GenerateOptions {
  customers?: string;
  stores?: string;
  days?: string;
  seed?: string;
  scale?: string;
  out?: string;
  end?: string;
  lines: boolean;
  problems: boolean;
}

/** `--scale 1m` is shorthand for the benchmark size: 1M customers (about 30M receipts). */
const SCALES: Record<string, number> = { demo: 20_000, "100k": 100_000, "1m": 1_000_000 };

export function registerGenerate(program: Command): void {
  program
    .command("generate")
    .description("write a deterministic sample chain (stores, customers, cards, receipts, lines, bonuses, coupons, campaigns, messages)")
    .option("--customers <n>", "number of customers (default from config: 20000)")
    .option("--stores <n>", "number of stores (default 12)")
    .option("--days <n>", "days of history ending at --end (default 730)")
    .option("--seed <n>", "random seed: the same seed writes the same files (default 42)")
    .option("--scale <size>", `a preset size instead of --customers: ${Object.keys(SCALES).join(", ")}`)
    .option("--end <date>", "last day of history, YYYY-MM-DD (default 2026-10-31)")
    .option("--out <dir>", "output folder (default: the configured sampleDir)")
    .option("--no-lines", "skip receipt lines (for the largest benchmark sizes)")
    .option("--no-problems", "do not plant the last month's problems the diagnosis of the month finds")
    .action(async (options: GenerateOptions, command: Command) => {
      const { config, output, events } = createContext(command.optsWithGlobals());
      if (options.scale && !(options.scale in SCALES)) throw new UsageError(`--scale ${options.scale}: use one of ${Object.keys(SCALES).join(", ")}`);
      const seed = options.seed === undefined ? undefined : Number(options.seed);
      if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed ${options.seed}: must be a whole number`);
      if (options.end !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.end)) throw new UsageError(`--end ${options.end}: use YYYY-MM-DD`);
      const result = await writeSampleChain(config, {
        customers: options.scale ? SCALES[options.scale] : positive("customers", options.customers),
        stores: positive("stores", options.stores),
        days: positive("days", options.days),
        seed,
        out: options.out,
        end: options.end,
        lines: options.lines,
        problems: options.problems,
      }, events);
      printSampleChain(output, result);
    });
}

function positive(name: string, value: string | undefined): number | undefined {
  return value === undefined ? undefined : positiveInt(value, `--${name}`);
}

export function printSampleChain(output: Output, { chain, out, elapsedMs }: SampleChainWritten): void {
  output.say(
    `Wrote ${chain.files.length} files to ${out}: ${output.number(chain.customers)} customers, ` +
      `${output.number(chain.receipts)} receipts, ${output.number(chain.receiptLines)} lines (${output.duration(elapsedMs)})`,
  );
}
