/**
 * The job history kept in the warehouse itself (table `job_runs`), so it travels with the data it
 * describes. Each write opens the warehouse, writes one row and closes it again: between writes a
 * job step must be free to open the file, and DuckDB allows one writer.
 */
import { existsSync } from "node:fs";
import { db } from "../db/query-builder.js";
import { jobRuns } from "../db/tables/job-runs.js";
import { tableDdl } from "../db/tables/table.js";
import { withWarehouse } from "../db/warehouse.js";
import type { JobHistory, JobRunRecord } from "./job-runner.js";

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
      await wh.exec(tableDdl(jobRuns));
      const { run_id: _key, ...state } = rec;
      await wh.execute(db.insertInto("job_runs").values(rec).onConflict((oc) => oc.column("run_id").doUpdateSet(state)));
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
      return wh.query(db.selectFrom("job_runs").selectAll().orderBy("started_at", "desc").orderBy("run_id").limit(limit));
    },
    { readOnly: true },
  );
}
