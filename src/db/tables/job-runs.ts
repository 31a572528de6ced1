/**
 * The scheduler's job history (src/scheduler/warehouse-job-history.ts): one row per run, the run
 * record as it stands.
 */
import type { JobRunStatus, JobTrigger } from "../../scheduler/job-runner.js";
import { integer, table, timestamp, varchar, type TableOf } from "./table.js";

export const jobRuns = table(
  "job_runs",
  {
    run_id: varchar(),
    job: varchar(),
    trigger: varchar<JobTrigger>(),
    started_at: timestamp(),
    finished_at: timestamp().nullable(),
    status: varchar<JobRunStatus>(),
    steps_done: integer(),
    error: varchar().nullable(),
    summary: varchar().nullable(),
  },
  { key: ["run_id"] },
);

export type JobRunsTable = TableOf<typeof jobRuns>;
