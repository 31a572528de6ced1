/**
 * An HTTP JSON API (a campaign engine, a mailer): the difference in batches, each under its own
 * Idempotency-Key, retried on the answers that allow it. Secrets never live in config files: the
 * destination names the environment variable that holds its auth header's value.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { SHAPE_KEY } from "../../../segments/export-shapes.js";
import { beginBatch } from "../batch-state.js";
import { MissingSecretError } from "../delivery-errors.js";
import { DeliveryError, postBatch } from "../http-destination-client.js";
import { batchRecord, batchScope, confirmed, failBatch } from "../sync-batches.js";
import { cutInBatches, planRows } from "../sync-plan.js";
import { SENDABLE_SHAPES, segmentNames, type DestinationType } from "./destination-type.js";

const schema = z
  .object({
    type: z.literal("http"),
    url: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }),
    shape: z.enum(SENDABLE_SHAPES).default("mailer"),
    segments: segmentNames,
    /** Members per request. */
    batchSize: z.number().int().min(1).max(10_000).default(500),
    authHeader: z.string().default("Authorization"),
    /** Name of the environment variable holding the auth header's value (e.g. "Bearer …"). */
    authEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "must be an environment variable name, e.g. MAILER_TOKEN").optional(),
    timeoutMs: z.number().int().positive().default(10_000),
    retries: z.number().int().min(0).max(20).default(5),
    backoffMs: z.number().int().min(0).default(500),
    maxBackoffMs: z.number().int().min(0).default(30_000),
    /** A Retry-After longer than this fails the batch (to be resumed by the next sync). */
    maxRetryAfterMs: z.number().int().min(0).default(120_000),
  })
  .strict();

export type HttpDestination = z.infer<typeof schema>;

export const httpDestinationType = {
  schema,
  resendsInDoubt: true,
  cut: (plan, dest) => cutInBatches(plan, dest.batchSize),
  auth(name, dest) {
    if (!dest.authEnv) return undefined;
    const value = process.env[dest.authEnv];
    if (!value) throw new MissingSecretError(name, dest.authEnv, dest.authHeader);
    return { header: dest.authHeader, value };
  },
  async send(wh, req, dest, spans, result) {
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
  },
} satisfies DestinationType<HttpDestination>;
