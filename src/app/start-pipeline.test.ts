import { describe, expect, it } from "vitest";
import { parseConfig } from "../config/config.js";
import type { AppEvents } from "./app-events.js";
import type { ResultReporter } from "./result-reporter.js";
import { runPipeline, START_STEPS, type PipelineStep } from "./start-pipeline.js";

/** An events sink that keeps what it was told, in order. */
function recordingEvents(): AppEvents & { told: string[] } {
  const told: string[] = [];
  return {
    told,
    progress: { start() {}, update() {}, stop() {} },
    warning: (text) => told.push(`warning: ${text}`),
    notice: (text) => told.push(text),
    event: (type, data) => told.push(`${type} ${JSON.stringify(data)}`),
  };
}

describe("npm start's pipeline", () => {
  it("announces each step by number and name, as a line and an event, runs them in order and ends with a done event", async () => {
    const events = recordingEvents();
    const step = (name: string): PipelineStep => ({ name, run: async ({ events: e }) => e.notice(`ran ${name}`) });
    const { elapsedMs } = await runPipeline({ config: parseConfig({}), events, report: {} as ResultReporter }, [step("first"), step("second")]);
    expect(events.told).toEqual([
      "\n[1/2] first", 'step {"step":"first"}', "ran first",
      "\n[2/2] second", 'step {"step":"second"}', "ran second",
      `done {"elapsedMs":${elapsedMs}}`,
    ]);
  });

  it("has the six steps of the quick start", () => {
    expect(START_STEPS.map((s) => s.name)).toEqual([
      "generate the sample chain (first run only)", "ingest the feeds", "build the models", "run the target segments",
      "publish the Parquet snapshot", "build and serve the report site",
    ]);
  });
});
