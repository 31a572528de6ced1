/** One row per model build (models/build-models.ts), read by the next build's plan (models/build-plan.ts). */
import type { BuildAction } from "../../../models/build-plan.js";
import { bigint, date, integer, table, timestamp, varchar, type TableOf } from "./table.js";

export const modelRuns = table("model_runs", {
  model: varchar(),
  built_at: timestamp(),
  as_of: date(),
  mode: varchar<Exclude<BuildAction, "unchanged">>(),
  rows: bigint(),
  last_file_id: integer(),
  duration_ms: bigint(),
  /** Null on rows of builds before runs were numbered (and `definition`, `inputs` recorded). */
  run_id: bigint().nullable(),
  definition: varchar().nullable(),
  inputs: varchar().nullable(),
});

export type ModelRunsTable = TableOf<typeof modelRuns>;
