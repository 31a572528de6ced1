/**
 * The `destinations` config section: where segment members are sent. A folder drop (the POS picks
 * a file up) or an HTTP JSON API (a campaign engine, a mailer). Secrets never live in config
 * files: an HTTP destination names the environment variable that holds its auth header's value.
 *
 * ```yaml
 * destinations:
 *   pos-drop: { type: folder, path: /srv/pos/inbox, segments: [win-back, birthday-in-5-days] }
 *   mailer: { type: http, url: https://mailer.example/api/audiences, authEnv: MAILER_TOKEN, segments: [win-back] }
 * ```
 */
import { z } from "zod";
import { EXPORT_FORMATS } from "../../segments/export-shapes.js";

/** The marketer shape carries the control group and profile fields: a file for people, not a system. */
const SENDABLE_SHAPES = ["pos", "mailer"] as const;

const segmentNames = z.array(z.string().regex(/^[a-z][a-z0-9-]*$/, "must be a segment name (kebab-case)")).default([]);

const folderDestination = z
  .object({
    type: z.literal("folder"),
    /** The folder the POS (or anyone) picks files up from. */
    path: z.string().min(1),
    shape: z.enum(SENDABLE_SHAPES).default("pos"),
    format: z.enum(EXPORT_FORMATS).default("csv"),
    delimiter: z.enum([";", ","]).default(";"),
    /** Segments sent here by default (a sync step or `loyalty sync` may name others). */
    segments: segmentNames,
  })
  .strict();

const httpDestination = z
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

export const destinationSchema = z.discriminatedUnion("type", [folderDestination, httpDestination]);
export const destinationsSchema = z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, "destination names are kebab-case"), destinationSchema).default({});

export type Destination = z.infer<typeof destinationSchema>;
export type FolderDestination = z.infer<typeof folderDestination>;
export type HttpDestination = z.infer<typeof httpDestination>;
