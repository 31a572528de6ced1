/**
 * Sends a segment run to a destination the way reverse-ETL tools do: only the difference from what
 * the destination already holds (members added or changed, members removed), or everything again
 * on a full resync; a dry run only reports the plan.
 *
 * Exactness: the plan (sync-plan.ts) is cut into batches; a batch's effect on `destination_state`
 * is committed only after the destination confirmed it. If the process dies or the destination
 * fails, the next sync's plan is exactly the unconfirmed rest, cut at the same places, and a batch
 * that reached the destination unconfirmed is re-sent with the same Idempotency-Key, so the
 * destination can drop the repeat: every member arrives once.
 */
import { join } from "node:path";
import { enrolDeliveredRun } from "../../segments/campaign-enrolment.js";
import { shapeQuery, SHAPE_KEY } from "../../segments/export-shapes.js";
import { writeExport } from "../../segments/write-export.js";
import type { Warehouse } from "../db/warehouse.js";
import type { Destination, FolderDestination, HttpDestination } from "./destination-config.js";
import { DeliveryError, postBatch } from "./http-destination-client.js";
import { batchKey, createPlan, dropPlan, planKeys, planRows, PLAN_TABLE, type PlanScope, type SyncAction } from "./sync-plan.js";
import { ensureDeliveryTables, type SyncStatus } from "./sync-store.js";

export interface SyncRequest {
  destinationName: string;
  destination: Destination;
  segment: string;
  campaign: string;
  runId: number;
  /** The HTTP destination's auth header (read from the environment once per sync, by the caller). */
  auth?: { header: string; value: string };
  full?: boolean;
  dryRun?: boolean;
  /** Checked between batches: a batch in flight is finished, the rest is left for the next sync. */
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

interface BatchRecord {
  batchNo: number;
  action: SyncAction;
  from: number;
  to: number;
  members: number;
  idempotencyKey: string;
  attempts: number;
  /** Members added or changed, and removed, by this batch. */
  counts: Record<SyncAction, number>;
}

export async function syncSegment(wh: Warehouse, req: SyncRequest): Promise<SyncResult> {
  await ensureDeliveryTables(wh);
  const scope: PlanScope = { destination: req.destinationName, segment: req.segment, runId: req.runId, shape: req.destination.shape };
  const result = await startSync(wh, req);
  try {
    const planned = await createPlan(wh, { ...scope, resendAll: req.full && req.dryRun });
    result.plannedUpserts = planned.upsert;
    result.plannedRemoves = planned.remove;
    await wh.exec("UPDATE sync_runs SET planned_upserts = $2, planned_removes = $3 WHERE sync_id = $1", [result.syncId, planned.upsert, planned.remove]);
    if (req.dryRun) {
      result.sample = { upsert: await planKeys(wh, "upsert", 10), remove: await planKeys(wh, "remove", 10) };
    } else if (req.destination.type === "folder") {
      await sendToFolder(wh, req, req.destination, result);
    } else {
      await sendToHttp(wh, req, scope, req.destination, result);
    }
    if (result.status === "ok") await enrolDeliveredRun(wh, req.runId);
  } catch (err) {
    result.status = "failed";
    result.error = (err as Error).message;
    throw err;
  } finally {
    await wh.exec("UPDATE sync_runs SET status = $2, finished_at = now(), error = $3 WHERE sync_id = $1", [result.syncId, result.status, result.error]);
    await dropPlan(wh);
  }
  return result;
}

/** Logs the sync as running; a full resync marks what the destination holds as outdated, resumably. */
async function startSync(wh: Warehouse, req: SyncRequest): Promise<SyncResult> {
  const scope = [req.destinationName, req.segment];
  // One writer at a time: a sync still "running" in the log belongs to a process that died.
  await wh.exec("UPDATE sync_runs SET status = 'interrupted' WHERE status = 'running' AND destination = $1 AND segment = $2", scope);
  const { sync_id: syncId } = await wh.one<{ sync_id: number }>("SELECT nextval('sync_run_seq')::INTEGER AS sync_id");
  const status: SyncStatus = req.dryRun ? "dry_run" : "running";
  await wh.transaction(async () => {
    await wh.exec("INSERT INTO sync_runs VALUES ($1, $2, $3, $4, $5, now(), NULL, $6, 0, 0, 0, 0, 0, 0, NULL)", [syncId, ...scope, req.runId, req.full ? "full" : "diff", status]);
    // Not forgotten but outdated: a resync cut short resumes with what is still unconfirmed, and
    // members who left are still removed.
    if (req.full && !req.dryRun) await wh.exec("UPDATE destination_state SET payload_hash = '' WHERE destination = $1 AND segment = $2", scope);
  });
  return {
    syncId, destination: req.destinationName, segment: req.segment, runId: req.runId, status,
    plannedUpserts: 0, plannedRemoves: 0, sentUpserts: 0, sentRemoves: 0, failed: 0, batches: 0, error: null,
  };
}

async function sendToHttp(wh: Warehouse, req: SyncRequest, scope: PlanScope, dest: HttpDestination, result: SyncResult): Promise<void> {
  const total = result.plannedUpserts + result.plannedRemoves;
  // this process is the warehouse's only writer: the count moves only by the batches it confirms
  let confirmed = await confirmedBatches(wh, req);
  // Removals come first in the plan; a batch never mixes actions.
  const spans: [SyncAction, number, number][] = [["remove", 1, result.plannedRemoves], ["upsert", result.plannedRemoves + 1, total]];
  for (const [action, first, last] of spans) {
    for (let from = first; from <= last; from += dest.batchSize) {
      if (req.signal?.aborted) {
        result.status = "cancelled";
        return;
      }
      const to = Math.min(last, from + dest.batchSize - 1);
      const rows = await planRows(wh, from, to);
      const batch: BatchRecord = {
        batchNo: result.batches + 1, action, from, to, members: rows.length, idempotencyKey: batchKey(scope, confirmed, action, rows), attempts: 0,
        counts: { upsert: action === "upsert" ? rows.length : 0, remove: action === "remove" ? rows.length : 0 },
      };
      const keyColumn = SHAPE_KEY[dest.shape];
      const body = {
        destination: req.destinationName, segment: req.segment, campaign: req.campaign, run_id: req.runId, action,
        members: rows.map((r) => (action === "upsert" ? JSON.parse(r.payload!) : { [keyColumn]: r.member_key })),
      };
      try {
        batch.attempts = (await postBatch({ ...dest, auth: req.auth }, body, batch.idempotencyKey)).attempts;
      } catch (err) {
        if (!(err instanceof DeliveryError)) throw err;
        await recordFailedBatch(wh, result, { ...batch, attempts: err.attempts }, err.message);
        return;
      }
      await commitBatch(wh, req, result, batch);
      confirmed++;
      req.onBatch?.(result.sentUpserts + result.sentRemoves, total);
    }
  }
  result.status = "ok";
}

/** A folder gets the whole current list as one file, replaced atomically; the state follows in one step. */
async function sendToFolder(wh: Warehouse, req: SyncRequest, dest: FolderDestination, result: SyncResult): Promise<void> {
  const total = result.plannedUpserts + result.plannedRemoves;
  if (total > 0) {
    const path = join(dest.path, `${req.segment}.${dest.format}`);
    const counts = { upsert: result.plannedUpserts, remove: result.plannedRemoves };
    const batch: BatchRecord = { batchNo: 1, action: "upsert", from: 1, to: total, members: total, idempotencyKey: path, attempts: 1, counts };
    try {
      await writeExport(wh, shapeQuery(dest.shape, req.runId), path, { format: dest.format, delimiter: dest.delimiter, sheet: req.segment.slice(0, 31) });
    } catch (err) {
      await recordFailedBatch(wh, result, batch, `cannot write ${path}: ${(err as Error).message}`);
      return;
    }
    await commitBatch(wh, req, result, batch);
  }
  result.status = "ok";
}

/** Batches of this segment the destination has confirmed, in every sync so far (part of the batch keys). */
async function confirmedBatches(wh: Warehouse, req: SyncRequest): Promise<number> {
  const { n } = await wh.one<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM sync_batches b JOIN sync_runs r USING (sync_id)
     WHERE r.destination = $1 AND r.segment = $2 AND b.status = 'sent'`,
    [req.destinationName, req.segment],
  );
  return n;
}

/** Applies a confirmed batch to the destination's state and the log, in one transaction. */
async function commitBatch(wh: Warehouse, req: SyncRequest, result: SyncResult, b: BatchRecord): Promise<void> {
  const { counts } = b;
  await wh.transaction(async () => {
    const span = [req.destinationName, req.segment, b.from, b.to];
    // Only members the destination already held have a state row to replace (a scan of the state).
    await wh.exec(
      `DELETE FROM destination_state WHERE destination = $1 AND segment = $2
       AND member_key IN (SELECT member_key FROM ${PLAN_TABLE} WHERE seq BETWEEN $3 AND $4 AND held)`,
      span,
    );
    await wh.exec(
      `INSERT INTO destination_state SELECT $1, $2, member_key, payload_hash, $5, now() FROM ${PLAN_TABLE}
       WHERE seq BETWEEN $3 AND $4 AND action = 'upsert'`,
      [...span, req.runId],
    );
    await logBatch(wh, result.syncId, b, "sent");
    await wh.exec(
      "UPDATE sync_runs SET sent_upserts = sent_upserts + $2, sent_removes = sent_removes + $3, batches = batches + 1 WHERE sync_id = $1",
      [result.syncId, counts.upsert, counts.remove],
    );
  });
  result.sentUpserts += counts.upsert;
  result.sentRemoves += counts.remove;
  result.batches += 1;
}

async function recordFailedBatch(wh: Warehouse, result: SyncResult, b: BatchRecord, error: string): Promise<void> {
  await wh.transaction(async () => {
    await logBatch(wh, result.syncId, b, "failed");
    await wh.exec(`INSERT INTO sync_errors SELECT $1, $2, member_key, $3 FROM ${PLAN_TABLE} WHERE seq BETWEEN $4 AND $5`, [result.syncId, b.batchNo, error, b.from, b.to]);
    await wh.exec("UPDATE sync_runs SET failed = failed + $2 WHERE sync_id = $1", [result.syncId, b.members]);
  });
  result.failed += b.members;
  result.status = "failed";
  result.error = error;
}

async function logBatch(wh: Warehouse, syncId: number, b: BatchRecord, status: "sent" | "failed"): Promise<void> {
  await wh.exec("INSERT INTO sync_batches VALUES ($1, $2, $3, $4, $5, $6, $7, now())", [syncId, b.batchNo, b.action, b.members, b.idempotencyKey, b.attempts, status]);
}
