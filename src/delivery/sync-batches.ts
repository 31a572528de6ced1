/** A sync's batches as the result and the batch log count them: shared by every destination type. */
import type { Warehouse } from "../db/warehouse.js";
import { confirmBatch, doubtBatch, type BatchRecord, type BatchScope } from "./batch-state.js";
import type { BatchSpan } from "./sync-plan.js";
import type { SyncRequest, SyncResult } from "./sync-segment.js";

export const batchScope = (req: SyncRequest): BatchScope => ({ destination: req.destinationName, segment: req.segment, runId: req.runId });

/** A sync stops at its first batch that is not confirmed, so its batches are numbered by the confirmed ones. */
export function batchRecord(result: SyncResult, span: BatchSpan, members: number, idempotencyKey: string, named: { runId: number; campaign: string }): BatchRecord {
  return {
    syncId: result.syncId, batchNo: result.batches + 1, action: span.action, from: span.from, to: span.to, members, idempotencyKey, ...named,
    counts: { upsert: span.action === "upsert" ? members : 0, remove: span.action === "remove" ? members : 0 },
  };
}

export async function confirmed(wh: Warehouse, scope: BatchScope, result: SyncResult, b: BatchRecord, attempts: number, httpStatus: number | null): Promise<void> {
  await confirmBatch(wh, scope, b, attempts, httpStatus);
  result.sentUpserts += b.counts.upsert;
  result.sentRemoves += b.counts.remove;
  result.batches += 1;
}

export async function failBatch(wh: Warehouse, result: SyncResult, b: BatchRecord, attempts: number, httpStatus: number | null, error: string): Promise<void> {
  await doubtBatch(wh, b, attempts, httpStatus, error);
  result.failed += b.members;
  result.status = "failed";
  result.error = error;
}
