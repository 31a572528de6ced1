/**
 * The plan of one sync, in a temp table: what the destination lacks or holds in an old version
 * (upsert) and what it holds but should not (remove), numbered (removals first, then upserts, each
 * by member key) so batches are cut from it by `seq`.
 */
import { createHash } from "node:crypto";
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
  /** Treat what the destination holds as outdated: every current member is an upsert. */
  resendAll?: boolean;
}

export async function createPlan(wh: Warehouse, scope: PlanScope): Promise<Record<SyncAction, number>> {
  const key = SHAPE_KEY[scope.shape];
  await dropPlan(wh);
  await wh.exec(
    `CREATE TEMP TABLE ${PLAN_TABLE} AS
     WITH cur AS (
       SELECT q."${key}"::VARCHAR AS member_key, to_json(q)::VARCHAR AS payload FROM (${shapeQuery(scope.shape, scope.runId)}) q
     ),
     cur_hashed AS (SELECT member_key, payload, md5(payload) AS payload_hash FROM cur),
     held AS (SELECT member_key, payload_hash FROM destination_state WHERE destination = $1 AND segment = $2),
     steps AS (
       SELECT 'remove' AS action, h.member_key, NULL::VARCHAR AS payload, NULL::VARCHAR AS payload_hash, true AS held
       FROM held h ANTI JOIN cur_hashed c USING (member_key)
       UNION ALL
       SELECT 'upsert', c.member_key, c.payload, c.payload_hash, h.member_key IS NOT NULL
       FROM cur_hashed c LEFT JOIN held h USING (member_key)
       WHERE $3 OR h.member_key IS NULL OR h.payload_hash <> c.payload_hash
     )
     SELECT row_number() OVER (ORDER BY action = 'upsert', member_key) AS seq, * FROM steps ORDER BY seq`,
    [scope.destination, scope.segment, scope.resendAll ?? false],
  );
  return wh.one<Record<SyncAction, number>>(
    `SELECT count(*) FILTER (WHERE action = 'upsert')::BIGINT AS upsert, count(*) FILTER (WHERE action = 'remove')::BIGINT AS remove FROM ${PLAN_TABLE}`,
  );
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

/**
 * A batch's idempotency key: the destination, segment, action and rows, and how many batches the
 * destination had confirmed for this segment when it was sent. A sync resuming an interrupted one
 * re-sends an unconfirmed batch at the same count, so the destination can drop it if it was
 * applied; any batch confirmed since (by a completed, failed, cancelled or full sync) moves the
 * count, so the same rows later (a member who left, came back and left again) are applied again.
 */
export function batchKey(scope: PlanScope, confirmedBatches: number, action: SyncAction, rows: PlanRow[]): string {
  const hash = createHash("sha256").update(`${scope.destination}\n${scope.segment}\n${confirmedBatches}\n${action}\n`);
  for (const r of rows) hash.update(`${r.member_key}\t${r.payload_hash ?? ""}\n`);
  return hash.digest("hex");
}
