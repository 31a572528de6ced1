import type { AppEvents } from "../app/app-events.js";
import { loadConfig, type Config } from "../config/config.js";
import { createOutput, type Output, type OutputMode } from "./output.js";
import { createProgress } from "./progress.js";

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
  /** The services' events as this output shows them: notices as text, events as `--json` lines, progress as a bar. */
  events: AppEvents;
}

export function createContext(options: GlobalOptions): CliContext {
  const config = loadConfig(options.config);
  if (options.warehouse) config.warehouse = options.warehouse;
  const mode: OutputMode = options.json ? "json" : options.quiet ? "quiet" : "human";
  const output = createOutput(mode, config.locale, config.currency, config.timeZone);
  const events: AppEvents = { progress: createProgress(output), warning: output.warn, notice: output.say, event: output.event };
  return { config, output, events };
}
