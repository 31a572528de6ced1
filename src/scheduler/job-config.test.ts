import { describe, expect, it } from "vitest";
import { jobsSchema } from "./job-config.js";

/** The first issue as `path: message`, the way the config loader reports it. */
function firstProblem(jobs: unknown): string {
  const parsed = jobsSchema.safeParse(jobs);
  if (parsed.success) throw new Error("expected the jobs section to be rejected");
  const issue = parsed.error.issues[0];
  return `${issue.path.join(".")}: ${issue.message}`;
}

describe("the jobs config section", () => {
  it("parses every step form and defaults to no jobs", () => {
    const jobs = {
      nightly: {
        cron: "0 3 * * *",
        description: "load the night's feeds",
        steps: [
          { ingest: "data/inbox" },
          "build",
          { segments: ["lapsing", "vip"] },
          { sync: { destination: "crm", segments: ["vip"], full: true } },
          "publish",
        ],
      },
      "every-10s": { cron: "*/10 * * * * *", steps: ["build"] },
    };
    expect(jobsSchema.parse(jobs)).toEqual(jobs);
    expect(jobsSchema.parse(undefined)).toEqual({});
  });

  it("names the job and shows a valid expression when the cron is bad", () => {
    const problem = firstProblem({ nightly: { cron: "61 3 * * *", steps: ["build"] } });
    expect(problem).toMatch(/^nightly\.cron: job "nightly" has an invalid cron expression "61 3 \* \* \*"/);
    expect(problem).toContain('bad minute field "61"');
    expect(problem).toContain('"0 3 * * *"');
    expect(firstProblem({ weekly: { cron: "every monday", steps: ["build"] } })).toContain("expected 5 or 6 fields but got 2");
  });

  it("rejects an unknown step key and names it", () => {
    expect(firstProblem({ nightly: { cron: "0 3 * * *", steps: ["build", { ingets: "data/inbox" }] } })).toMatch(
      /^nightly\.steps\.1: unknown step "ingets"; a step is "build", "publish", \{ ingest/,
    );
    expect(firstProblem({ nightly: { cron: "0 3 * * *", steps: ["biuld"] } })).toMatch(/^nightly\.steps\.0: unknown step "biuld"/);
  });

  it("points inside a known step at the bad field", () => {
    expect(firstProblem({ n: { cron: "0 3 * * *", steps: [{ sync: { destination: "crm", ful: true } }] } })).toBe(
      'n.steps.0.sync: Unrecognized key: "ful"',
    );
    expect(firstProblem({ n: { cron: "0 3 * * *", steps: [{ segments: [] }] } })).toBe(
      "n.steps.0.segments: must list at least one segment definition",
    );
    expect(firstProblem({ n: { cron: "0 3 * * *", steps: [{ ingest: "a", segments: ["b"] }] } })).toMatch(
      /^n\.steps\.0: a step has exactly one key, got "ingest", "segments"/,
    );
  });

  it("requires kebab-case job names and at least one step", () => {
    expect(firstProblem({ Nightly_Load: { cron: "0 3 * * *", steps: ["build"] } })).toMatch(
      /^Nightly_Load: job name "Nightly_Load" must be lower-case letters, digits and dashes/,
    );
    expect(firstProblem({ nightly: { cron: "0 3 * * *", steps: [] } })).toBe("nightly.steps: must list at least one step");
  });
});
