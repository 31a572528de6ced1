/**
 * What a destination type is: its config (a zod object with a literal `type`), how a sync plan is
 * cut into batches for it, how batches are sent, and whether a batch left in doubt is re-sent as it
 * was (a receiver that may have applied it drops the repeat by its idempotency key). Each type lives
 * in one file beside this one and is registered in `destination-types.ts`.
 */
import { z } from "zod";
import type { Warehouse } from "../../db/warehouse.js";
import type { BatchSpan, Plan } from "../sync-plan.js";
import type { SyncRequest, SyncResult } from "../sync-segment.js";

/** The marketer shape carries the control group and profile fields: a file for people, not a system. */
export const SENDABLE_SHAPES = ["pos", "mailer"] as const;

export const segmentNames = z.array(z.string().regex(/^[a-z][a-z0-9-]*$/, "must be a segment name (kebab-case)")).default([]);

export interface DestinationType<D extends { type: string }> {
  schema: z.ZodType<D>;
  /** Batches in doubt are re-sent as they were, under the same key, before anything else. */
  resendsInDoubt: boolean;
  cut(plan: Plan, destination: D): BatchSpan[];
  send(wh: Warehouse, req: SyncRequest, destination: D, spans: BatchSpan[], result: SyncResult): Promise<void>;
  /** The auth header, its value from the environment; checked before a sync and by `schedule check`. */
  auth?(name: string, destination: D): { header: string; value: string } | undefined;
}
