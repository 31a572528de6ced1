/**
 * The project's configuration: one optional file (`loyalty.config.json` or `.yaml` in the working
 * folder, or `--config`), parsed once by a schema that names the bad key. Every value has a
 * documented default, so the embedded sample chain runs with no file at all.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import YAML from "yaml";
import { z } from "zod";
import { ConfigError } from "../errors.js";
import { modelParamsSchema } from "./model-params.js";
import { segmentSettingsSchema } from "./segment-settings.js";
import { destinationsSchema } from "../delivery/destination-config.js";
import { jobsSchema } from "../scheduler/job-config.js";

export const configSchema = z
  .object({
    /** The live DuckDB warehouse file (one writer at a time). */
    warehouse: z.string().default("data/warehouse.duckdb"),
    /** Where the sample chain's feeds are generated and read by `npm start`. */
    sampleDir: z.string().default("data/sample-chain"),
    /** Parent folder of the published Parquet snapshots; `current` points at the newest. */
    snapshotDir: z.string().default("data/snapshots"),
    /** How many published snapshots to keep (older ones are removed after a switch). */
    keepSnapshots: z.number().int().min(1).default(3),
    /**
     * DuckDB's memory limit for the warehouse (e.g. "4GB"); beyond it joins, aggregates and sorts
     * spill to disk. Absent: DuckDB's default, 80% of the machine's memory.
     */
    memoryLimit: z.string().regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, "must be a size such as 4GB").optional(),
    /** Number and date formats of the CLI and reports (a BCP 47 tag). */
    locale: z.string().refine(isLocale, "must be a locale such as ru-RU").default("ru-RU"),
    /** ISO 4217 code of the chain's money. */
    currency: z.string().length(3).refine(isCurrency, "must be an ISO 4217 currency code such as RUB").default("RUB"),
    /** Where cron schedules run and the CLI shows times. */
    timeZone: z.string().refine(isTimeZone, "must be an IANA time zone such as Europe/Moscow").default("Europe/Moscow"),
    ingest: z
      .object({
        /** Timestamps later than now on the chain's clock (`timeZone`) + this many days are quarantined as `future_date`. */
        futureToleranceDays: z.number().min(0).default(2),
      })
      .strict()
      .default({ futureToleranceDays: 2 }),
    models: modelParamsSchema.default(modelParamsSchema.parse({})),
    segments: segmentSettingsSchema.default(segmentSettingsSchema.parse({})),
    /** Where segment members are sent (src/delivery/destination-config.ts). */
    destinations: destinationsSchema,
    /** Scheduled jobs for `loyalty schedule` and `loyalty run` (src/scheduler/job-config.ts). */
    jobs: jobsSchema,
    sample: z
      .object({
        customers: z.number().int().positive().default(20_000),
        stores: z.number().int().positive().default(12),
        days: z.number().int().positive().default(730),
        seed: z.number().int().default(42),
      })
      .strict()
      .default({ customers: 20_000, stores: 12, days: 730, seed: 42 }),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

// Checked here, where the message names the key, rather than as a RangeError deep in some command.
function isTimeZone(timeZone: string): boolean {
  return accepts(() => new Intl.DateTimeFormat(undefined, { timeZone }));
}

/** Well-formed and known to this Node's ICU (an unknown one would silently fall back to en-US). */
function isLocale(locale: string): boolean {
  return accepts(() => Intl.NumberFormat.supportedLocalesOf(locale).length > 0);
}

function isCurrency(currency: string): boolean {
  return accepts(() => new Intl.NumberFormat("en", { style: "currency", currency }));
}

/** Runs an Intl probe: false when it throws (RangeError) or answers false. */
function accepts(probe: () => unknown): boolean {
  try {
    return probe() !== false;
  } catch {
    return false;
  }
}

const DEFAULT_FILES = ["loyalty.config.json", "loyalty.config.yaml", "loyalty.config.yml"];

export function loadConfig(explicitPath?: string): Config {
  const path = explicitPath ?? DEFAULT_FILES.map((f) => resolve(f)).find((f) => existsSync(f));
  if (!path) return configSchema.parse({});
  if (!existsSync(path)) throw new ConfigError(path, "(file)", "does not exist");
  const text = readFileSync(path, "utf8");
  let data: unknown;
  try {
    data = /\.ya?ml$/i.test(path) ? YAML.parse(text) : JSON.parse(text);
  } catch (err) {
    throw new ConfigError(path, "(file)", `cannot be parsed: ${(err as Error).message}`);
  }
  return parseConfig(data, path);
}

export function parseConfig(data: unknown, source = "config"): Config {
  const parsed = configSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = [...issue.path, ...("keys" in issue ? (issue.keys as string[]) : [])].join(".") || "(root)";
    throw new ConfigError(source, key, issue.message);
  }
  return parsed.data;
}
