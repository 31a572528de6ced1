/**
 * Checks, before a job runs or the scheduler starts, what its steps refer to: inbox folders,
 * segment definitions, destinations and their secrets. A typo found at start-up is better than a
 * nightly job failing at 03:00.
 */
import { existsSync } from "node:fs";
import { loadSegment } from "../../segments/load-segments.js";
import type { Config } from "../config/config.js";
import { destinationAuth } from "../delivery/destination-types.js";
import { ConfigError } from "../errors.js";
import type { JobConfig, JobStep } from "./job-config.js";
import { stepLabel } from "./job-runner.js";

export async function checkJobs(config: Config, names: string[] = Object.keys(config.jobs)): Promise<void> {
  const problems: string[] = [];
  for (const name of names) problems.push(...(await jobProblems(config, config.jobs[name])).map((p) => `${name}: ${p}`));
  if (problems.length) throw new ConfigError("config", "jobs", `cannot run as written:\n  ${problems.join("\n  ")}`);
}

async function jobProblems(config: Config, job: JobConfig): Promise<string[]> {
  const problems: string[] = [];
  for (const step of job.steps) {
    for (const problem of await stepProblems(config, step)) problems.push(`${stepLabel(step)}: ${problem}`);
  }
  return problems;
}

async function stepProblems(config: Config, step: JobStep): Promise<string[]> {
  if (typeof step === "string") return [];
  if ("ingest" in step) return existsSync(step.ingest) ? [] : [`the inbox folder ${step.ingest} does not exist`];
  if ("segments" in step) return segmentProblems(config, step.segments);
  const destination = config.destinations[step.sync.destination];
  if (!destination) return [`there is no destination "${step.sync.destination}" (destinations: ${Object.keys(config.destinations).join(", ") || "none"})`];
  const problems = await segmentProblems(config, step.sync.segments?.length ? step.sync.segments : destination.segments);
  try {
    destinationAuth(step.sync.destination, destination);
  } catch (err) {
    problems.push((err as Error).message);
  }
  return problems;
}

async function segmentProblems(config: Config, names: string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const name of names) {
    try {
      await loadSegment(config.segments.dir, name);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  return problems;
}
