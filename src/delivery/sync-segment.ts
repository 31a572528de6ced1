/**
 * Sends a segment run to a destination the way reverse-ETL tools do: only the difference from what
 * the destination already holds (members added or changed, members removed), or everything on a
 * full resync; a dry run only reports the plan.
 *
 * Exactness: the plan is ordered (removals, then upserts, each by member key) and cut into batches;
 * a batch's effect on `destination_state` is committed only after the destination confirmed it. If
 * the process dies or the destination fails, the next sync's plan is exactly the unconfirmed rest,
 * cut at the same places, so a batch that reached the destination unconfirmed is re-sent with the
 * same Idempotency-Key and the destination can drop the repeat: every member arrives once.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { shapeQuery, SHAPE_KEY } from "../../segments/export-shapes.js";
import { writeExport } from "../../segments/write-export.js";
import type { Warehouse } from "../db/warehouse.js";
import type { Destination, FolderDestination, HttpDestination } from "./destination-config.js";
import { DeliveryError, postBatch } from "./http-destination-client.js";
import { MissingSecretError } from "./delivery-errors.js";
import { ensureDeliveryTables, type SyncStatus } from "./sync-store.js";

export interface SyncRequest {
  destinationName: string;
  destination: Destination;
  segment: string;
  campaign: string;
  runId: number;
  full?: boolean;
  dryRun?: boolean;
  signal?: AbortSignal;
  /** Called after each confirmed batch (progress). */
  onBatch?: (sent: number, planned: number) => void;
}

export interface SyncResult {
  syncId: number;
  destination: string;
  segment: string;
  runId: number;
  status: SyncStatus;
  plannedUpserts: number;
  plannedRemoves: number;
  sentUpserts: number;
  sentRemoves: number;
  failed: number;
  batches: number;
  error: string | null;
  /** Dry run: the first member keys of each action. */
  sample?: { upsert: string[]; remove: string[] };
}

type Action = "upsert" | "remove";

const PLAN = "sync_plan";

export async function syncSegment(wh: Warehouse, req: SyncRequest): Promise<SyncResult> {
  await ensureDeliveryTables(wh);
  const auth = req.destination.type === "http" ? readAuth(req.destinationName, req.destination) : undefined;
  const scope = [req.destinationName, req.segment];
  // One writer at a time: a sync still "running" in the log belongs to a process that died.
  await wh.exec("UPDATE sync_runs SET status = 'interrupted' WHERE status = 'running' AND destination = $1 AND segment = $2", scope);
  const { sync_id: syncId } = await wh.one<{ sync_id: number }>("SELECT nextval('sync_run_seq')::INTEGER AS sync_id");
  const result: SyncResult = {
    syncId, destination: req.destinationName, segment: req.segment, runId: req.runId,
    status: req.dryRun ? "dry_run" : "running",
    plannedUpserts: 0, plannedRemoves: 0, sentUpserts: 0, sentRemoves: 0, failed: 0, batches: 0, error: null,
  };
  await wh.transaction(async () => {
    await wh.exec(
      "INSERT INTO sync_runs VALUES ($1, $2, $3, $4, $5, now(), NULL, $6, 0, 0, 0, 0, 0, 0, NULL)",
      [syncId, ...scope, req.runId, req.full ? "full" : "diff", result.status],
    );
    // A full resync assumes the destination holds nothing: everything current is sent again.
    if (req.full && !req.dryRun) await wh.exec("DELETE FROM destination_state WHERE destination = $1 AND segment = $2", scope);
  });
  const planned = await planSync(wh, req);
  result.plannedUpserts = planned.upsert;
  result.plannedRemoves = planned.remove;
  await wh.exec("UPDATE sync_runs SET planned_upserts = $2, planned_removes = $3 WHERE sync_id = $1", [syncId, planned.upsert, planned.remove]);
  if (req.dryRun) {
    result.sample = { upsert: await planKeys(wh, "upsert", 10), remove: await planKeys(wh, "remove", 10) };
  } else if (req.destination.type === "folder") {
    await sendToFolder(wh, req, req.destination, result);
  } else {
    await sendToHttp(wh, req, req.destination, auth, await fullResyncs(wh, req), result);
  }
  await wh.exec("UPDATE sync_runs SET status = $2, finished_at = now(), error = $3 WHERE sync_id = $1", [syncId, result.status, result.error]);
  await wh.exec(`DROP TABLE IF EXISTS ${PLAN}`);
  return result;
}

/**
 * Part of every batch's idempotency key: after a full resync the same rows must not look like
 * repeats of the first sync, while a sync resuming an interrupted one must send the same keys.
 */
async function fullResyncs(wh: Warehouse, req: SyncRequest): Promise<number> {
  const { n } = await wh.one<{ n: number }>(
    "SELECT count(*)::INTEGER AS n FROM sync_runs WHERE destination = $1 AND segment = $2 AND mode = 'full' AND status <> 'dry_run'",
    [req.destinationName, req.segment],
  );
  return n;
}

/** The plan: what the destination lacks or holds in an old version (upsert), and holds but should not (remove). */
async function planSync(wh: Warehouse, req: SyncRequest): Promise<Record<Action, number>> {
  const shape = req.destination.shape;
  const key = SHAPE_KEY[shape];
  await wh.exec(`DROP TABLE IF EXISTS ${PLAN}`);
  await wh.exec(
    `CREATE TEMP TABLE ${PLAN} AS
     WITH cur AS (
       SELECT q."${key}"::VARCHAR AS member_key, to_json(q)::VARCHAR AS payload FROM (${shapeQuery(shape, req.runId)}) q
     ),
     cur_hashed AS (SELECT member_key, payload, md5(payload) AS payload_hash FROM cur),
     held AS (SELECT member_key, payload_hash FROM destination_state WHERE destination = $1 AND segment = $2),
     steps AS (
       SELECT 'remove' AS action, h.member_key, NULL::VARCHAR AS payload, NULL::VARCHAR AS payload_hash, true AS held
       FROM held h ANTI JOIN cur_hashed c USING (member_key)
       UNION ALL
       SELECT 'upsert', c.member_key, c.payload, c.payload_hash, h.member_key IS NOT NULL
       FROM cur_hashed c LEFT JOIN held h USING (member_key)
       WHERE h.member_key IS NULL OR h.payload_hash <> c.payload_hash
     )
     SELECT row_number() OVER (ORDER BY action = 'upsert', member_key) AS seq, * FROM steps ORDER BY seq`,
    [req.destinationName, req.segment],
  );
  const counts = await wh.one<Record<Action, number>>(
    `SELECT count(*) FILTER (WHERE action = 'upsert')::BIGINT AS upsert, count(*) FILTER (WHERE action = 'remove')::BIGINT AS remove FROM ${PLAN}`,
  );
  return counts;
}

async function planKeys(wh: Warehouse, action: Action, limit: number): Promise<string[]> {
  const rows = await wh.all<{ member_key: string }>(`SELECT member_key FROM ${PLAN} WHERE action = $1 ORDER BY seq LIMIT $2`, [action, limit]);
  return rows.map((r) => r.member_key);
}

async function sendToHttp(
  wh: Warehouse, req: SyncRequest, dest: HttpDestination, auth: { header: string; value: string } | undefined, generation: number, result: SyncResult,
): Promise<void> {
  const total = result.plannedUpserts + result.plannedRemoves;
  // Removals come first in the plan; batches never mix actions, so each is cut from its own run of seq.
  const spans: [Action, number, number][] = [
    ["remove", 1, result.plannedRemoves],
    ["upsert", result.plannedRemoves + 1, total],
  ];
  for (const [action, first, last] of spans) {
    for (let from = first; from <= last; from += dest.batchSize) {
      if (req.signal?.aborted) {
        result.status = "cancelled";
        return;
      }
      const to = Math.min(last, from + dest.batchSize - 1);
      const rows = await wh.all<{ member_key: string; payload: string | null; payload_hash: string | null }>(
        `SELECT member_key, payload, payload_hash FROM ${PLAN} WHERE seq BETWEEN $1 AND $2 ORDER BY seq`,
        [from, to],
      );
      const batchNo = result.batches + 1;
      const idempotencyKey = batchKey(req, generation, action, rows);
      const keyColumn = SHAPE_KEY[dest.shape];
      const body = {
        destination: req.destinationName, segment: req.segment, campaign: req.campaign, run_id: req.runId, action,
        members: rows.map((r) => (action === "upsert" ? JSON.parse(r.payload!) : { [keyColumn]: r.member_key })),
      };
      try {
        const sent = await postBatch({ ...dest, auth }, body, idempotencyKey, req.signal);
        await commitBatch(wh, req, result, { batchNo, action, from, to, members: rows.length, idempotencyKey, attempts: sent.attempts });
        req.onBatch?.(result.sentUpserts + result.sentRemoves, total);
      } catch (err) {
        if (!(err instanceof DeliveryError)) throw err;
        await recordFailedBatch(wh, result, { batchNo, action, from, to, members: rows.length, idempotencyKey, attempts: err.attempts }, err.message);
        return;
      }
    }
  }
  result.status = "ok";
}

/** A folder gets the whole current list as one file, replaced atomically; the state follows in one step. */
async function sendToFolder(wh: Warehouse, req: SyncRequest, dest: FolderDestination, result: SyncResult): Promise<void> {
  const total = result.plannedUpserts + result.plannedRemoves;
  if (total > 0) {
    const path = join(dest.path, `${req.segment}.${dest.format}`);
    await writeExport(wh, shapeQuery(dest.shape, req.runId), path, { format: dest.format, delimiter: dest.delimiter, sheet: req.segment.slice(0, 31) });
    await commitBatch(wh, req, result, { batchNo: 1, action: "upsert", from: 1, to: total, members: total, idempotencyKey: path, attempts: 1 });
  }
  result.status = "ok";
}

interface BatchRecord {
  batchNo: number;
  action: Action;
  from: number;
  to: number;
  members: number;
  idempotencyKey: string;
  attempts: number;
}

/** Applies a confirmed batch to the destination's state and the log, in one transaction. */
async function commitBatch(wh: Warehouse, req: SyncRequest, result: SyncResult, b: BatchRecord): Promise<void> {
  const counts = await wh.transaction(async () => {
    const span = [req.destinationName, req.segment, b.from, b.to];
    // Only members the destination already held have a state row to replace (a scan of the state).
    await wh.exec(
      `DELETE FROM destination_state WHERE destination = $1 AND segment = $2
       AND member_key IN (SELECT member_key FROM ${PLAN} WHERE seq BETWEEN $3 AND $4 AND held)`,
      span,
    );
    await wh.exec(
      `INSERT INTO destination_state SELECT $1, $2, member_key, payload_hash, $5, now() FROM ${PLAN}
       WHERE seq BETWEEN $3 AND $4 AND action = 'upsert'`,
      [...span, req.runId],
    );
    const c = await wh.one<Record<Action, number>>(
      `SELECT count(*) FILTER (WHERE action = 'upsert')::BIGINT AS upsert, count(*) FILTER (WHERE action = 'remove')::BIGINT AS remove
       FROM ${PLAN} WHERE seq BETWEEN $1 AND $2`,
      [b.from, b.to],
    );
    await logBatch(wh, result.syncId, b, "sent");
    await wh.exec(
      "UPDATE sync_runs SET sent_upserts = sent_upserts + $2, sent_removes = sent_removes + $3, batches = batches + 1 WHERE sync_id = $1",
      [result.syncId, c.upsert, c.remove],
    );
    return c;
  });
  result.sentUpserts += counts.upsert;
  result.sentRemoves += counts.remove;
  result.batches += 1;
}

async function recordFailedBatch(wh: Warehouse, result: SyncResult, b: BatchRecord, error: string): Promise<void> {
  await wh.transaction(async () => {
    await logBatch(wh, result.syncId, b, "failed");
    await wh.exec(`INSERT INTO sync_errors SELECT $1, $2, member_key, $3 FROM ${PLAN} WHERE seq BETWEEN $4 AND $5`, [result.syncId, b.batchNo, error, b.from, b.to]);
    await wh.exec("UPDATE sync_runs SET failed = failed + $2 WHERE sync_id = $1", [result.syncId, b.members]);
  });
  result.failed += b.members;
  result.status = "failed";
  result.error = error;
}

async function logBatch(wh: Warehouse, syncId: number, b: BatchRecord, status: "sent" | "failed"): Promise<void> {
  await wh.exec("INSERT INTO sync_batches VALUES ($1, $2, $3, $4, $5, $6, $7, now())", [syncId, b.batchNo, b.action, b.members, b.idempotencyKey, b.attempts, status]);
}

/**
 * Same destination, segment, run, action and rows → same key, whichever sync sends the batch. The
 * run is part of it so that a member who leaves, returns and leaves again in a later run is not
 * taken for a repeat.
 */
function batchKey(req: SyncRequest, generation: number, action: Action, rows: { member_key: string; payload_hash: string | null }[]): string {
  const hash = createHash("sha256").update(`${req.destinationName}\n${req.segment}\n${generation}\n${req.runId}\n${action}\n`);
  for (const r of rows) hash.update(`${r.member_key}\t${r.payload_hash ?? ""}\n`);
  return hash.digest("hex");
}

function readAuth(name: string, dest: HttpDestination): { header: string; value: string } | undefined {
  if (!dest.authEnv) return undefined;
  const value = process.env[dest.authEnv];
  if (!value) throw new MissingSecretError(name, dest.authEnv, dest.authHeader);
  return { header: dest.authHeader, value };
}
