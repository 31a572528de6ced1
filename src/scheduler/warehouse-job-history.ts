/**
 * The job history kept in the warehouse itself (table `job_runs`), so it travels with the data it
 * describes. Each write opens the warehouse, writes one row and closes it again: between writes a
 * job step must be free to open the file, and DuckDB allows one writer.
 */
import { existsSync } from "node:fs";
import { withWarehouse } from "../db/warehouse.js";
import type { JobHistory, JobRunRecord } from "./job-runner.js";

/** One row per run: the run record as it stands (Kysely table interface). */
export type JobRunsTable = JobRunRecord;

const COLUMNS = ["run_id", "job", "trigger", "started_at", "finished_at", "status", "steps_done", "error", "summary"] as const;

const JOB_RUNS_DDL = `CREATE TABLE IF NOT EXISTS job_runs (
  run_id VARCHAR PRIMARY KEY,
  job VARCHAR NOT NULL,
  trigger VARCHAR NOT NULL,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  status VARCHAR NOT NULL,
  steps_done INTEGER NOT NULL,
  error VARCHAR,
  summary VARCHAR
)`;

export class WarehouseJobHistory implements JobHistory {
  constructor(private readonly warehousePath: string) {}

  start(rec: JobRunRecord): Promise<void> {
    return this.write(rec);
  }

  finish(rec: JobRunRecord): Promise<void> {
    return this.write(rec);
  }

  /** Insert-or-replace, so `finish` alone records a run that never started (a skipped tick). */
  private write(rec: JobRunRecord): Promise<void> {
    return withWarehouse(this.warehousePath, async (wh) => {
      await wh.exec(JOB_RUNS_DDL);
      await wh.exec(
        `INSERT OR REPLACE INTO job_runs (${COLUMNS.join(", ")}) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(", ")})`,
        [
          rec.run_id,
          rec.job,
          rec.trigger,
          rec.started_at.toISOString(),
          rec.finished_at?.toISOString() ?? null,
          rec.status,
          rec.steps_done,
          rec.error,
          rec.summary,
        ],
      );
    });
  }
}

/** The latest `limit` runs, newest first; none when the warehouse or the table does not exist yet. */
export async function readJobHistory(warehousePath: string, limit: number): Promise<JobRunRecord[]> {
  if (!existsSync(warehousePath)) return [];
  return withWarehouse(
    warehousePath,
    async (wh) => {
      if (!(await wh.hasTables("job_runs"))) return [];
      return wh.all<JobRunRecord>(
        `SELECT ${COLUMNS.join(", ")} FROM job_runs ORDER BY started_at DESC, run_id LIMIT $1`,
        [limit],
      );
    },
    { readOnly: true },
  );
}
