/**
 * Sends a segment run to a destination the way reverse-ETL tools do: only the difference from what
 * the destination holds (members added or changed, members removed), or everything again on a full
 * resync; a dry run only reports the plan.
 *
 * Exactness: the destination's state is known exactly, doubt included (sync-store.ts, batch-state.ts).
 * A batch's members are marked in doubt before it is sent, and made exact only by its confirmation.
 * A batch sent but not confirmed is in doubt: its members count as possibly held. The next sync
 * settles every batch in doubt before anything else: one the destination never answered is re-sent
 * as it was, under the same Idempotency-Key, when nothing has changed for its members since (so a
 * destination that applied it drops the repeat); otherwise its members are planned like any member
 * in doubt: sent again if wanted, removed if not. So after a sync whose every batch was confirmed,
 * the destination holds exactly the wanted members, whatever was lost before; `--full` treats every
 * member it holds or may hold as in doubt. Keys are random per batch, so a key is never reused for
 * anything but a repeat of the same batch.
 */
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { enrolDeliveredRun } from "../../segments/campaign-enrolment.js";
import { shapeQuery, SHAPE_KEY } from "../../segments/export-shapes.js";
import { writeExport } from "../../segments/write-export.js";
import type { Warehouse } from "../db/warehouse.js";
import { beginBatch, confirmBatch, doubtBatch, doubtBatchesInFlight, settleBatches, type BatchRecord, type BatchScope } from "./batch-state.js";
import type { Destination, FolderDestination, HttpDestination } from "./destination-config.js";
import { DeliveryError, postBatch } from "./http-destination-client.js";
import { createPlan, cutBatches, dropPlan, planKeys, planRows, type BatchSpan } from "./sync-plan.js";
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
  /** Batches the plan is cut into (batches in doubt re-sent as they were count one each). */
  plannedBatches: number;
  sentUpserts: number;
  sentRemoves: number;
  failed: number;
  batches: number;
  error: string | null;
  /** Dry run: the first member keys of each action. */
  sample?: { upsert: string[]; remove: string[] };
}

export async function syncSegment(wh: Warehouse, req: SyncRequest): Promise<SyncResult> {
  await ensureDeliveryTables(wh);
  const result = await startSync(wh, req);
  try {
    const plan = await createPlan(wh, {
      destination: req.destinationName, segment: req.segment, runId: req.runId, shape: req.destination.shape,
      resendAll: req.full && req.dryRun, resendInDoubt: req.destination.type === "http",
    });
    const batches = cutBatches(plan, req.destination);
    result.plannedUpserts = plan.upsert;
    result.plannedRemoves = plan.remove;
    result.plannedBatches = batches.length;
    await wh.exec("UPDATE sync_runs SET planned_upserts = $2, planned_removes = $3 WHERE sync_id = $1", [result.syncId, plan.upsert, plan.remove]);
    if (req.dryRun) {
      result.sample = { upsert: await planKeys(wh, "upsert", 10), remove: await planKeys(wh, "remove", 10) };
    } else {
      if (req.destination.type === "folder") await sendToFolder(wh, req, req.destination, batches, result);
      else await sendToHttp(wh, req, req.destination, batches, result);
      await settleBatches(wh, req.destinationName, req.segment);
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

/**
 * Logs the sync as running. What a dead process left (a sync still running, a batch in flight) is
 * marked interrupted and in doubt; a full resync marks everything the destination holds in doubt,
 * so it is all sent again (or removed), resumably.
 */
async function startSync(wh: Warehouse, req: SyncRequest): Promise<SyncResult> {
  const scope = [req.destinationName, req.segment];
  const { sync_id: syncId } = await wh.one<{ sync_id: number }>("SELECT nextval('sync_run_seq')::INTEGER AS sync_id");
  const status: SyncStatus = req.dryRun ? "dry_run" : "running";
  await wh.transaction(async () => {
    // One writer at a time: a sync still "running" in the log belongs to a process that died.
    await wh.exec("UPDATE sync_runs SET status = 'interrupted' WHERE status = 'running' AND destination = $1 AND segment = $2", scope);
    await doubtBatchesInFlight(wh, req.destinationName, req.segment);
    await wh.exec("INSERT INTO sync_runs VALUES ($1, $2, $3, $4, $5, now(), NULL, $6, 0, 0, 0, 0, 0, 0, NULL)", [syncId, ...scope, req.runId, req.full ? "full" : "diff", status]);
    if (req.full && !req.dryRun) await wh.exec("UPDATE destination_state SET in_doubt = true WHERE destination = $1 AND segment = $2", scope);
  });
  return {
    syncId, destination: req.destinationName, segment: req.segment, runId: req.runId, status,
    plannedUpserts: 0, plannedRemoves: 0, plannedBatches: 0, sentUpserts: 0, sentRemoves: 0, failed: 0, batches: 0, error: null,
  };
}

async function sendToHttp(wh: Warehouse, req: SyncRequest, dest: HttpDestination, spans: BatchSpan[], result: SyncResult): Promise<void> {
  const total = result.plannedUpserts + result.plannedRemoves;
  const scope = batchScope(req);
  for (const span of spans) {
    if (req.signal?.aborted) {
      result.status = "cancelled";
      return;
    }
    const rows = await planRows(wh, span.from, span.to);
    // a resend repeats the body it was first sent with, to the byte: its run and campaign too
    const named = span.resend ? { runId: span.resend.runId, campaign: span.resend.campaign } : { runId: req.runId, campaign: req.campaign };
    const batch = batchRecord(result, span, rows.length, span.resend?.key ?? randomUUID(), named);
    const body = {
      destination: req.destinationName, segment: req.segment, campaign: batch.campaign, run_id: batch.runId, action: span.action,
      members: rows.map((r) => (span.action === "upsert" ? JSON.parse(r.payload!) : { [SHAPE_KEY[dest.shape]]: r.member_key })),
    };
    await beginBatch(wh, scope, batch);
    let sent: { status: number; attempts: number };
    try {
      sent = await postBatch({ ...dest, auth: req.auth }, body, batch.idempotencyKey);
    } catch (err) {
      if (!(err instanceof DeliveryError)) throw err;
      await failBatch(wh, result, batch, err.attempts, err.status ?? null, err.message);
      return;
    }
    await confirmed(wh, scope, result, batch, sent.attempts, sent.status);
    req.onBatch?.(result.sentUpserts + result.sentRemoves, total);
  }
  result.status = "ok";
}

/** A folder gets the whole current list as one file, replaced atomically; the state follows in one step. */
async function sendToFolder(wh: Warehouse, req: SyncRequest, dest: FolderDestination, spans: BatchSpan[], result: SyncResult): Promise<void> {
  const [span] = spans;
  if (span) {
    const path = join(dest.path, `${req.segment}.${dest.format}`);
    const batch = batchRecord(result, span, span.to - span.from + 1, path, { runId: req.runId, campaign: req.campaign });
    batch.counts = { upsert: result.plannedUpserts, remove: result.plannedRemoves };
    await beginBatch(wh, batchScope(req), batch);
    try {
      await writeExport(wh, shapeQuery(dest.shape, req.runId), path, { format: dest.format, delimiter: dest.delimiter, sheet: req.segment.slice(0, 31) });
    } catch (err) {
      await failBatch(wh, result, batch, 1, null, `cannot write ${path}: ${(err as Error).message}`);
      return;
    }
    await confirmed(wh, batchScope(req), result, batch, 1, null);
  }
  result.status = "ok";
}

const batchScope = (req: SyncRequest): BatchScope => ({ destination: req.destinationName, segment: req.segment, runId: req.runId });

/** A sync stops at its first batch that is not confirmed, so its batches are numbered by the confirmed ones. */
function batchRecord(result: SyncResult, span: BatchSpan, members: number, idempotencyKey: string, named: { runId: number; campaign: string }): BatchRecord {
  return {
    syncId: result.syncId, batchNo: result.batches + 1, action: span.action, from: span.from, to: span.to, members, idempotencyKey, ...named,
    counts: { upsert: span.action === "upsert" ? members : 0, remove: span.action === "remove" ? members : 0 },
  };
}

async function confirmed(wh: Warehouse, scope: BatchScope, result: SyncResult, b: BatchRecord, attempts: number, httpStatus: number | null): Promise<void> {
  await confirmBatch(wh, scope, b, attempts, httpStatus);
  result.sentUpserts += b.counts.upsert;
  result.sentRemoves += b.counts.remove;
  result.batches += 1;
}

async function failBatch(wh: Warehouse, result: SyncResult, b: BatchRecord, attempts: number, httpStatus: number | null, error: string): Promise<void> {
  await doubtBatch(wh, b, attempts, httpStatus, error);
  result.failed += b.members;
  result.status = "failed";
  result.error = error;
}
