/**
 * Every warehouse table the code writes by name, as Kysely sees it: the staging tables (from the feed
 * declarations in schema.ts) and the warehouse's own bookkeeping tables (from src/db/tables/).
 * Models' output tables are made from their SQL and are read as SQL, so they are not here.
 */
import type { StagingTables } from "./schema.js";
import { DELIVERY_TABLES } from "./tables/delivery-tables.js";
import { INGEST_TABLES } from "./tables/ingest-tables.js";
import { jobRuns } from "./tables/job-runs.js";
import { modelRuns } from "./tables/model-runs.js";
import { SEGMENT_TABLES } from "./tables/segment-tables.js";
import type { TablesOf } from "./tables/table.js";

/** The declared bookkeeping tables; each family's DDL is run by the code that writes it. */
export const OWN_TABLES = [...INGEST_TABLES, ...DELIVERY_TABLES, ...SEGMENT_TABLES, jobRuns, modelRuns] as const;

export type Database = StagingTables & TablesOf<typeof OWN_TABLES>;
