/** A folder drop: the segment's whole current list as one file (the POS picks it up), replaced atomically. */
import { join } from "node:path";
import { z } from "zod";
import { EXPORT_FORMATS, shapeQuery } from "../../../segments/export-shapes.js";
import { writeExport } from "../../../segments/write-export.js";
import { beginBatch } from "../batch-state.js";
import { batchRecord, batchScope, confirmed, failBatch } from "../sync-batches.js";
import { SENDABLE_SHAPES, segmentNames, type DestinationType } from "./destination-type.js";

const schema = z
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

export type FolderDestination = z.infer<typeof schema>;

export const folderDestinationType = {
  schema,
  // the file is rewritten whole each time: nothing in doubt needs a repeat of its own
  resendsInDoubt: false,
  cut: (plan) => (plan.upsert + plan.remove > 0 ? [{ action: "upsert", from: 1, to: plan.upsert + plan.remove }] : []),
  async send(wh, req, dest, spans, result) {
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
  },
} satisfies DestinationType<FolderDestination>;
