import type { Command } from "commander";
import { generateSampleChain, type SampleChainResult } from "../../../ingest/sample-chain/generate-sample-chain.js";
import { UsageError } from "../../errors.js";
import { positiveInt } from "../parse-options.js";
import { createContext, type CliContext } from "../context.js";

interface GenerateOptions {
  customers?: string;
  stores?: string;
  days?: string;
  seed?: string;
  out?: string;
  end?: string;
  lines: boolean;
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
    .action(async (options: GenerateOptions & { scale?: string }, command: Command) => {
      const ctx = createContext(command.optsWithGlobals());
      if (options.scale && !(options.scale in SCALES)) throw new UsageError(`--scale ${options.scale}: use one of ${Object.keys(SCALES).join(", ")}`);
      await runGenerate(ctx, { ...options, customers: options.scale ? String(SCALES[options.scale]) : options.customers });
    });
}

function positive(name: string, value: string | undefined, fallback: number): number {
  return value === undefined ? fallback : positiveInt(value, `--${name}`);
}

export async function runGenerate(ctx: CliContext, options: Partial<GenerateOptions>): Promise<SampleChainResult> {
  const { config, output } = ctx;
  const started = Date.now();
  const seed = options.seed === undefined ? config.sample.seed : Number(options.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed ${options.seed}: must be a whole number`);
  if (options.end !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.end)) throw new UsageError(`--end ${options.end}: use YYYY-MM-DD`);
  const result = await generateSampleChain({
    customers: positive("customers", options.customers, config.sample.customers),
    stores: positive("stores", options.stores, config.sample.stores),
    days: positive("days", options.days, config.sample.days),
    seed,
    out: options.out ?? config.sampleDir,
    endDate: options.end,
    lines: options.lines ?? true,
    onProgress: (step) => output.say(`  ${step}`),
  });
  output.event("generated", { ...result, elapsedMs: Date.now() - started });
  output.say(
    `Wrote ${result.files.length} files to ${options.out ?? config.sampleDir}: ${output.number(result.customers)} customers, ` +
      `${output.number(result.receipts)} receipts, ${output.number(result.receiptLines)} lines (${output.duration(Date.now() - started)})`,
  );
  return result;
}
