/**
 * Progress on long work: a cli-progress bar when stdout is a terminal and the output is for humans;
 * nothing otherwise (JSON logs carry per-item events instead).
 */
import cliProgress from "cli-progress";
import type { ProgressEvents } from "../app/app-events.js";
import type { Output } from "./output.js";

export function createProgress(output: Output): ProgressEvents {
  if (output.mode !== "human" || !process.stdout.isTTY) {
    return { start() {}, update() {}, stop() {} };
  }
  const bar = new cliProgress.SingleBar(
    { format: " {bar} {value}/{total} {label}", hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total, label) => bar.start(total, 0, { label }),
    update: (done, label) => bar.update(done, { label }),
    stop: () => bar.stop(),
  };
}
