/**
 * What the warehouse knows about its destinations: the members each destination holds per segment
 * (with a hash of what was sent, so a changed offer is re-sent), and the log of every sync, batch and
 * failed row.
 *
 * The state is exact because a member a batch touched is recorded before the batch is sent:
 * `destination_state` has a row for every member the destination holds or may hold. `in_doubt` rows
 * are members the destination may or may not hold (in the version sent): a batch that touched them
 * was sent but not confirmed, or a full resync asked to treat everything as unknown. Confirmed rows
 * (`in_doubt = false`) are exactly what the destination holds. The batch that last touched a row is
 * `batch_sync_id`/`batch_no`.
 */
import { sql, type ExpressionBuilder, type Selectable } from "kysely";
import type { Database } from "../db/database.js";
import { db, now } from "../db/query-builder.js";
import { DELIVERY_TABLES, type SyncErrorsTable, type SyncRunsTable } from "../db/tables/delivery-tables.js";
import { tablesDdl } from "../db/tables/table.js";
import type { Warehouse } from "../db/warehouse.js";

/** Makes the delivery tables (src/db/tables/delivery-tables.ts), or brings an older version's up to date. */
export async function ensureDeliveryTables(wh: Warehouse): Promise<void> {
  await wh.exec(tablesDdl(DELIVERY_TABLES));
  await upgradeDeliveryTables(wh);
}

/**
 * Tables written before batches were recorded in flight: their `sent` batches were confirmed, and
 * the members of their `failed` ones were never recorded as possibly held, so the destination may
 * hold them unknown to the state. Those members (from sync_errors) are marked in doubt, which makes
 * the next sync send them again if wanted and remove them if not. Columns missing from tables of an
 * earlier version were added first, by the DDL (DuckDB cannot change a table's rows in the
 * transaction that altered it), then the rows in one transaction, found by the old statuses.
 */
async function upgradeDeliveryTables(wh: Warehouse): Promise<void> {
  // the statuses of that version, which nothing writes any more (so not in BatchStatus)
  const wasOld = (eb: ExpressionBuilder<Database, "sync_batches">) => eb(eb.cast<string>("sync_batches.status", "varchar"), "in", ["sent", "failed"]);
  const [{ old }] = await wh.query(db.selectFrom("sync_batches").select((eb) => eb.fn.countAll<number>().as("old")).where(wasOld));
  if (old === 0) return;
  const failedMembers = db
    .selectFrom("sync_errors as e")
    .innerJoin("sync_runs as r", "r.sync_id", "e.sync_id")
    .innerJoin("sync_batches as b", (join) => join.onRef("b.sync_id", "=", "e.sync_id").onRef("b.batch_no", "=", "e.batch_no"))
    .where((eb) => eb(eb.cast<string>("b.status", "varchar"), "=", "failed"))
    .select(["r.destination", "r.segment", "e.member_key", "r.run_id"])
    .distinct();
  await wh.transaction(async () => {
    await wh.execute(
      db.updateTable("destination_state")
        .from(failedMembers.as("f"))
        .set({ in_doubt: true })
        .whereRef("destination_state.destination", "=", "f.destination")
        .whereRef("destination_state.segment", "=", "f.segment")
        .whereRef("destination_state.member_key", "=", "f.member_key"),
    );
    await wh.execute(
      db.insertInto("destination_state")
        .columns(["destination", "segment", "member_key", "payload_hash", "run_id", "synced_at", "in_doubt", "batch_sync_id", "batch_no"])
        .expression(
          db.selectFrom(failedMembers.as("f"))
            .select((eb) => ["f.destination", "f.segment", "f.member_key", sql.lit("").as("payload_hash"), eb.fn.max("f.run_id").as("run_id"),
              now.as("synced_at"), sql.lit(true).as("in_doubt"), sql.lit(null).as("batch_sync_id"), sql.lit(null).as("batch_no")])
            .where(({ not, exists, selectFrom }) => not(exists(
              selectFrom("destination_state as s").select(sql.lit(1).as("one"))
                .whereRef("s.destination", "=", "f.destination").whereRef("s.segment", "=", "f.segment").whereRef("s.member_key", "=", "f.member_key"),
            )))
            .groupBy(["f.destination", "f.segment", "f.member_key"]),
        ),
    );
    await wh.execute(
      db.updateTable("sync_batches")
        .set((eb) => ({ status: eb.case(eb.cast<string>("status", "varchar")).when("sent").then("confirmed" as const).else("in_doubt" as const).end() }))
        .where(wasOld),
    );
  });
}

/** A destination's newest syncs, newest first. */
export async function syncHistory(wh: Warehouse, destination: string, limit = 20): Promise<Selectable<SyncRunsTable>[]> {
  await ensureDeliveryTables(wh);
  return wh.query(db.selectFrom("sync_runs").selectAll().where("destination", "=", destination).orderBy("sync_id", "desc").limit(limit));
}

/** One logged sync, if `syncId` is one of `destination`'s. */
export async function syncRun(wh: Warehouse, destination: string, syncId: number): Promise<Selectable<SyncRunsTable> | undefined> {
  await ensureDeliveryTables(wh);
  return (await wh.query(db.selectFrom("sync_runs").selectAll().where("destination", "=", destination).where("sync_id", "=", syncId)))[0];
}

/** The rows of a sync the destination did not take, with its error, in the order they were sent. */
export async function syncErrors(wh: Warehouse, syncId: number): Promise<Selectable<SyncErrorsTable>[]> {
  // read after syncRun, which made sure the tables exist
  return wh.query(db.selectFrom("sync_errors").selectAll().where("sync_id", "=", syncId).orderBy("batch_no").orderBy("member_key"));
}
