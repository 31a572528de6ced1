/**
 * The plan of one sync, in a temp table: what the destination lacks, holds in an old version or may
 * hold (upsert), and what it holds or may hold but should not (remove). A member in doubt is always
 * planned: sent again if wanted (the destination may lack it), removed if not (it may hold it).
 * Rows are numbered so batches are cut from it by `seq`: first each batch in doubt that is re-sent as
 * it was (see `resendable` below), then removals, then upserts, each by member key.
 */
import { sql, type NotNull } from "kysely";
import { shapeQuery, SHAPE_KEY, type ExportShape } from "../../segments/export-shapes.js";
import { compiled, db } from "../db/query-builder.js";
import type { SyncAction } from "../db/tables/delivery-tables.js";
import type { Warehouse } from "../db/warehouse.js";

export const PLAN_TABLE = "sync_plan";

/** The plan's temp table, made by createPlan's SQL, as typed queries see it. */
interface PlanTable {
  seq: number;
  action: SyncAction;
  member_key: string;
  payload: string | null;
  payload_hash: string | null;
  /** The destination holds (or may hold) the member. */
  held: boolean;
  /** The batch in doubt this row is re-sent in, as it was. */
  resend_sync_id: number | null;
  resend_batch_no: number | null;
}

/** A member's step before the plan is numbered (createPlan's `steps`), with what the destination holds. */
interface PlanStep {
  action: SyncAction;
  member_key: string;
  payload_hash: string | null;
  held_hash: string | null;
  in_doubt: boolean;
  batch_sync_id: number | null;
  batch_no: number | null;
}

/** Typed queries over the plan and the warehouse's tables. */
export const planDb = db.withTables<{ [PLAN_TABLE]: PlanTable }>();

export type PlanRow = Pick<PlanTable, "member_key" | "payload" | "payload_hash">;

export interface PlanScope {
  destination: string;
  segment: string;
  runId: number;
  shape: ExportShape;
  /** Treat what the destination holds as outdated: every current member is an upsert (a full dry run). */
  resendAll?: boolean;
  /** Re-send batches in doubt under their own keys where that is exact (HTTP destinations). */
  resendInDoubt?: boolean;
}

/** A batch in doubt re-sent as it was: the same members, body (its run and campaign too) and idempotency key. */
export interface Resend {
  syncId: number;
  batchNo: number;
  action: SyncAction;
  key: string;
  /** The run and campaign its body named. */
  runId: number;
  campaign: string;
  from: number;
  to: number;
}

export interface Plan {
  /** Rows per action, resends included. */
  upsert: number;
  remove: number;
  resends: Resend[];
}

/** One batch to send: plan rows `from`…`to` (by seq), all of one action, or a resend. */
export interface BatchSpan {
  action: SyncAction;
  from: number;
  to: number;
  resend?: Resend;
}

export async function createPlan(wh: Warehouse, scope: PlanScope): Promise<Plan> {
  const key = SHAPE_KEY[scope.shape];
  await dropPlan(wh);
  const held = db
    .selectFrom("destination_state")
    .select(["member_key", "payload_hash", "in_doubt", "batch_sync_id", "batch_no"])
    .where("destination", "=", scope.destination)
    .where("segment", "=", scope.segment);
  // A batch in doubt that the destination never answered (its confirmation may have been lost) is
  // re-sent as it was, under its key, when that is exact: every member it sent is still in doubt
  // because of it (no batch touched them since) and the wanted state asks for just what it sent.
  // Then a destination that applied it drops the repeat. A batch it answered (5xx, 4xx) is not:
  // a destination may keep that answer per key; its members are planned like any in doubt.
  const resendable = db
    .withTables<{ steps: PlanStep }>()
    .selectFrom("sync_batches as b")
    .innerJoin("sync_runs as r", "r.sync_id", "b.sync_id")
    .innerJoin("steps as s", (join) => join.on("s.in_doubt", "=", true).onRef("s.batch_sync_id", "=", "b.sync_id").onRef("s.batch_no", "=", "b.batch_no"))
    .select(["b.sync_id", "b.batch_no"])
    .where(sql.val(scope.resendInDoubt ?? false))
    .where("r.destination", "=", scope.destination)
    .where("r.segment", "=", scope.segment)
    .where("b.status", "=", "in_doubt")
    .where("b.http_status", "is", null)
    .where("b.run_id", "is not", null)
    .groupBy(["b.sync_id", "b.batch_no", "b.members", "b.action"])
    .having((eb) => eb.and([
      eb(eb.fn.countAll(), "=", eb.ref("b.members")),
      eb.fn<boolean>("bool_and", [eb.and([eb("s.action", "=", eb.ref("b.action")), eb.or([eb("s.action", "=", "remove"), eb("s.payload_hash", "=", eb.ref("s.held_hash"))])])]),
    ]));
  // the plan joins the wanted members (the shape's SQL) with the typed reads of the delivery tables
  await wh.execute(compiled(sql`CREATE TEMP TABLE ${sql.table(PLAN_TABLE)} AS
     WITH cur AS (
       SELECT ${sql.id("q", SHAPE_KEY[scope.shape])}::VARCHAR AS member_key, to_json(q)::VARCHAR AS payload FROM (${sql.raw(shapeQuery(scope.shape, scope.runId))}) q
     ),
     cur_hashed AS (SELECT member_key, payload, md5(payload) AS payload_hash FROM cur),
     held AS ${held},
     steps AS (
       SELECT 'remove' AS action, h.member_key, NULL::VARCHAR AS payload, NULL::VARCHAR AS payload_hash, true AS held,
         h.in_doubt, h.payload_hash AS held_hash, h.batch_sync_id, h.batch_no
       FROM held h ANTI JOIN cur_hashed c USING (member_key)
       UNION ALL
       SELECT 'upsert', c.member_key, c.payload, c.payload_hash, h.member_key IS NOT NULL,
         coalesce(h.in_doubt, false), h.payload_hash, h.batch_sync_id, h.batch_no
       FROM cur_hashed c LEFT JOIN held h USING (member_key)
       WHERE ${scope.resendAll ?? false} OR h.member_key IS NULL OR h.in_doubt OR h.payload_hash <> c.payload_hash
     ),
     resendable AS ${resendable}
     SELECT row_number() OVER (ORDER BY rs.sync_id NULLS LAST, rs.batch_no NULLS LAST, s.action = 'upsert', s.member_key) AS seq,
       s.action, s.member_key, s.payload, s.payload_hash, s.held, rs.sync_id AS resend_sync_id, rs.batch_no AS resend_batch_no
     FROM steps s LEFT JOIN resendable rs ON s.in_doubt AND rs.sync_id = s.batch_sync_id AND rs.batch_no = s.batch_no
     ORDER BY seq`));
  const [counts] = await wh.query(
    planDb.selectFrom(PLAN_TABLE).select((eb) => [
      eb.fn.countAll<number>().filterWhere("action", "=", "upsert").as("upsert"),
      eb.fn.countAll<number>().filterWhere("action", "=", "remove").as("remove"),
    ]),
  );
  return { ...counts, resends: await planResends(wh) };
}

async function planResends(wh: Warehouse): Promise<Resend[]> {
  return wh.query(
    planDb
      .selectFrom(`${PLAN_TABLE} as p`)
      .innerJoin("sync_batches as b", (join) => join.onRef("b.sync_id", "=", "p.resend_sync_id").onRef("b.batch_no", "=", "p.resend_batch_no"))
      .select((eb) => [
        "b.sync_id as syncId", "b.batch_no as batchNo", "b.action", "b.idempotency_key as key", "b.run_id as runId", "b.campaign",
        eb.fn.min("p.seq").as("from"), eb.fn.max("p.seq").as("to"),
      ])
      .groupBy(["b.sync_id", "b.batch_no", "b.action", "b.idempotency_key", "b.run_id", "b.campaign"])
      .orderBy("from")
      // only batches that named their run and campaign are resendable
      .$narrowType<{ runId: NotNull; campaign: NotNull }>(),
  );
}
/**
 * Cuts the plan into batches of `batchSize`: each resend whole, then removals and upserts (a batch
 * never mixes actions). How a destination type batches is its own (destination-types/).
 */
export function cutInBatches(plan: Plan, batchSize: number): BatchSpan[] {
  const total = plan.upsert + plan.remove;
  const spans: BatchSpan[] = plan.resends.map((r) => ({ action: r.action, from: r.from, to: r.to, resend: r }));
  const resent = (action: SyncAction) => plan.resends.filter((r) => r.action === action).reduce((n, r) => n + r.to - r.from + 1, 0);
  const first = spans.length ? spans[spans.length - 1].to + 1 : 1;
  const removesEnd = first + plan.remove - resent("remove") - 1;
  const cut = (action: SyncAction, from: number, last: number) => {
    for (let start = from; start <= last; start += batchSize) spans.push({ action, from: start, to: Math.min(last, start + batchSize - 1) });
  };
  cut("remove", first, removesEnd);
  cut("upsert", removesEnd + 1, total);
  return spans;
}

export async function planKeys(wh: Warehouse, action: SyncAction, limit: number): Promise<string[]> {
  const rows = await wh.query(planDb.selectFrom(PLAN_TABLE).select("member_key").where("action", "=", action).orderBy("seq").limit(limit));
  return rows.map((r) => r.member_key);
}

export async function planRows(wh: Warehouse, from: number, to: number): Promise<PlanRow[]> {
  return wh.query(planDb.selectFrom(PLAN_TABLE).select(["member_key", "payload", "payload_hash"]).where("seq", ">=", from).where("seq", "<=", to).orderBy("seq"));
}

export async function dropPlan(wh: Warehouse): Promise<void> {
  await wh.exec(`DROP TABLE IF EXISTS ${PLAN_TABLE}`);
}
