import { loadConfig, type Config } from "../config/config.js";
import { withWarehouse, type Warehouse } from "../db/warehouse.js";
import { createOutput, type Output, type OutputMode } from "./output.js";
import { createProgress, type Progress } from "./progress.js";

/** Options every command accepts. */
export interface GlobalOptions {
  config?: string;
  warehouse?: string;
  json?: boolean;
  quiet?: boolean;
}

export interface CliContext {
  config: Config;
  output: Output;
  progress: Progress;
}

export function createContext(options: GlobalOptions): CliContext {
  const config = loadConfig(options.config);
  if (options.warehouse) config.warehouse = options.warehouse;
  const mode: OutputMode = options.json ? "json" : options.quiet ? "quiet" : "human";
  const output = createOutput(mode, config.locale, config.currency, config.timeZone);
  return { config, output, progress: createProgress(output) };
}

/** Opens the configured warehouse for one job (with the configured memory limit) and closes it. */
export function withConfiguredWarehouse<T>(config: Config, work: (wh: Warehouse) => Promise<T>): Promise<T> {
  return withWarehouse(config.warehouse, work, { memoryLimit: config.memoryLimit });
}
