/**
 * The plan of one sync, in a temp table: what the destination lacks, holds in an old version or may
 * hold (upsert), and what it holds or may hold but should not (remove). A member in doubt is always
 * planned: sent again if wanted (the destination may lack it), removed if not (it may hold it).
 * Rows are numbered so batches are cut from it by `seq`: first each batch in doubt that is re-sent as
 * it was (see `resendable` below), then removals, then upserts, each by member key.
 */
import { shapeQuery, SHAPE_KEY, type ExportShape } from "../../segments/export-shapes.js";
import type { Warehouse } from "../db/warehouse.js";

export type SyncAction = "upsert" | "remove";
export const PLAN_TABLE = "sync_plan";

export interface PlanRow {
  member_key: string;
  payload: string | null;
  payload_hash: string | null;
}

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
  await wh.exec(
    `CREATE TEMP TABLE ${PLAN_TABLE} AS
     WITH cur AS (
       SELECT q."${key}"::VARCHAR AS member_key, to_json(q)::VARCHAR AS payload FROM (${shapeQuery(scope.shape, scope.runId)}) q
     ),
     cur_hashed AS (SELECT member_key, payload, md5(payload) AS payload_hash FROM cur),
     held AS (
       SELECT member_key, payload_hash, in_doubt, batch_sync_id, batch_no FROM destination_state WHERE destination = $1 AND segment = $2
     ),
     steps AS (
       SELECT 'remove' AS action, h.member_key, NULL::VARCHAR AS payload, NULL::VARCHAR AS payload_hash, true AS held,
         h.in_doubt, h.payload_hash AS held_hash, h.batch_sync_id, h.batch_no
       FROM held h ANTI JOIN cur_hashed c USING (member_key)
       UNION ALL
       SELECT 'upsert', c.member_key, c.payload, c.payload_hash, h.member_key IS NOT NULL,
         coalesce(h.in_doubt, false), h.payload_hash, h.batch_sync_id, h.batch_no
       FROM cur_hashed c LEFT JOIN held h USING (member_key)
       WHERE $3 OR h.member_key IS NULL OR h.in_doubt OR h.payload_hash <> c.payload_hash
     ),
     -- A batch in doubt that the destination never answered (its confirmation may have been lost) is
     -- re-sent as it was, under its key, when that is exact: every member it sent is still in doubt
     -- because of it (no batch touched them since) and the wanted state asks for just what it sent.
     -- Then a destination that applied it drops the repeat. A batch it answered (5xx, 4xx) is not:
     -- a destination may keep that answer per key; its members are planned like any in doubt.
     resendable AS (
       SELECT b.sync_id, b.batch_no
       FROM sync_batches b JOIN sync_runs r USING (sync_id)
       JOIN steps s ON s.in_doubt AND s.batch_sync_id = b.sync_id AND s.batch_no = b.batch_no
       WHERE $4 AND r.destination = $1 AND r.segment = $2 AND b.status = 'in_doubt' AND b.http_status IS NULL AND b.run_id IS NOT NULL
       GROUP BY b.sync_id, b.batch_no, b.members, b.action
       HAVING count(*) = b.members AND bool_and(s.action = b.action AND (s.action = 'remove' OR s.payload_hash = s.held_hash))
     )
     SELECT row_number() OVER (ORDER BY rs.sync_id NULLS LAST, rs.batch_no NULLS LAST, s.action = 'upsert', s.member_key) AS seq,
       s.action, s.member_key, s.payload, s.payload_hash, s.held, rs.sync_id AS resend_sync_id, rs.batch_no AS resend_batch_no
     FROM steps s LEFT JOIN resendable rs ON s.in_doubt AND rs.sync_id = s.batch_sync_id AND rs.batch_no = s.batch_no
     ORDER BY seq`,
    [scope.destination, scope.segment, scope.resendAll ?? false, scope.resendInDoubt ?? false],
  );
  const counts = await wh.one<Record<SyncAction, number>>(
    `SELECT count(*) FILTER (WHERE action = 'upsert')::BIGINT AS upsert, count(*) FILTER (WHERE action = 'remove')::BIGINT AS remove FROM ${PLAN_TABLE}`,
  );
  return { ...counts, resends: await planResends(wh) };
}

async function planResends(wh: Warehouse): Promise<Resend[]> {
  return wh.all<Resend>(
    `SELECT p.resend_sync_id AS "syncId", p.resend_batch_no AS "batchNo", b.action, b.idempotency_key AS key,
       b.run_id AS "runId", b.campaign, min(p.seq)::INTEGER AS "from", max(p.seq)::INTEGER AS "to"
     FROM ${PLAN_TABLE} p JOIN sync_batches b ON b.sync_id = p.resend_sync_id AND b.batch_no = p.resend_batch_no
     GROUP BY ALL ORDER BY "from"`,
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
  const rows = await wh.all<{ member_key: string }>(`SELECT member_key FROM ${PLAN_TABLE} WHERE action = $1 ORDER BY seq LIMIT $2`, [action, limit]);
  return rows.map((r) => r.member_key);
}

export async function planRows(wh: Warehouse, from: number, to: number): Promise<PlanRow[]> {
  return wh.all<PlanRow>(`SELECT member_key, payload, payload_hash FROM ${PLAN_TABLE} WHERE seq BETWEEN $1 AND $2 ORDER BY seq`, [from, to]);
}

export async function dropPlan(wh: Warehouse): Promise<void> {
  await wh.exec(`DROP TABLE IF EXISTS ${PLAN_TABLE}`);
}
