/** Writes the deterministic sample chain: `loyalty generate` and the first run of `npm start`. */
import { generateSampleChain, type SampleChainResult } from "../../ingest/sample-chain/generate-sample-chain.js";
import type { Config } from "../config/config.js";
import type { AppEvents } from "./app-events.js";

/** Sizes and seed left out come from the config's `sample`; the folder from `sampleDir`. */
export interface SampleChainOptions {
  customers?: number;
  stores?: number;
  days?: number;
  seed?: number;
  out?: string;
  /** The last day of history, YYYY-MM-DD. */
  end?: string;
  /** Receipt lines too (off for the largest benchmark sizes). */
  lines?: boolean;
  /** Plant the problems the diagnosis of the month finds (off: a chain without them, to see it flags nothing). */
  problems?: boolean;
}

export interface SampleChainWritten {
  chain: SampleChainResult;
  out: string;
  elapsedMs: number;
}

export async function writeSampleChain(config: Config, options: SampleChainOptions, events: AppEvents): Promise<SampleChainWritten> {
  const started = Date.now();
  const out = options.out ?? config.sampleDir;
  const chain = await generateSampleChain({
    customers: options.customers ?? config.sample.customers,
    stores: options.stores ?? config.sample.stores,
    days: options.days ?? config.sample.days,
    seed: options.seed ?? config.sample.seed,
    out,
    endDate: options.end,
    lines: options.lines ?? true,
    problems: options.problems ?? true,
    onProgress: (step) => events.notice(`  ${step}`),
  });
  const elapsedMs = Date.now() - started;
  events.event("generated", { ...chain, elapsedMs });
  return { chain, out, elapsedMs };
}
