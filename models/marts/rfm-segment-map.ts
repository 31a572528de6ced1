/** The RFM segment map: versioned configuration, validated, first matching rule wins. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { ConfigError } from "../../src/errors.js";

const range = z.tuple([z.number().int().min(1).max(5), z.number().int().min(1).max(5)]).refine(([lo, hi]) => lo <= hi, "lower bound above upper");

export const segmentMapSchema = z
  .object({
    version: z.number().int().positive(),
    description: z.string().optional(),
    fallback: z.string().default("Others"),
    segments: z.array(z.object({ name: z.string().min(1), recency: range, frequency: range, monetary: range }).strict()).min(1),
  })
  .strict();

export type SegmentMap = z.infer<typeof segmentMapSchema>;

export const DEFAULT_SEGMENT_MAP = join(import.meta.dirname, "rfm-segments.v1.json");

export function loadSegmentMap(path = DEFAULT_SEGMENT_MAP): SegmentMap {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new ConfigError(path, "(file)", `cannot be read as JSON: ${(err as Error).message}`);
  }
  const parsed = segmentMapSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(path, issue.path.join(".") || "(root)", issue.message);
  }
  return parsed.data;
}
