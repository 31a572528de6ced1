/**
 * The RFM segment map: versioned configuration, validated, first matching rule wins (as the R
 * package rfm's `rfm_segment` assigns them). Two maps ship: `rfm-package` (the default, the
 * package's documented rules in its order) and `loyalty-warehouse` (the project's own); a path
 * names a chain's own map of the same shape.
 */
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
    fallback_ru: z.string().optional(),
    segments: z
      .array(z.object({ name: z.string().min(1), label_ru: z.string().min(1).optional(), recency: range, frequency: range, monetary: range }).strict())
      .min(1),
  })
  .strict();

export type SegmentMap = z.infer<typeof segmentMapSchema>;
type Rule = SegmentMap["segments"][number];

/** The maps that ship, by the name the config gives them. */
export const SHIPPED_SEGMENT_MAPS = {
  "rfm-package": join(import.meta.dirname, "rfm-segment-maps", "rfm-package.json"),
  "loyalty-warehouse": join(import.meta.dirname, "rfm-segment-maps", "loyalty-warehouse.json"),
} as const;

export const DEFAULT_SEGMENT_MAP: keyof typeof SHIPPED_SEGMENT_MAPS = "rfm-package";

function inRange(score: number, [lo, hi]: readonly [number, number]): boolean {
  return score >= lo && score <= hi;
}

function matches(rule: Rule, r: number, f: number, m: number): boolean {
  return inRange(r, rule.recency) && inRange(f, rule.frequency) && inRange(m, rule.monetary);
}

/** The segment of one score triple under a map: the first rule that matches, else the fallback. */
export function segmentOf(map: SegmentMap, r: number, f: number, m: number): string {
  return map.segments.find((rule) => matches(rule, r, f, m))?.name ?? map.fallback;
}

/** Index of the first rule that no score triple can reach because rules before it take all its cells. */
function firstUnreachableRule(map: SegmentMap): number {
  const reached = new Set<number>();
  for (let r = 1; r <= 5; r++)
    for (let f = 1; f <= 5; f++)
      for (let m = 1; m <= 5; m++) {
        const i = map.segments.findIndex((rule) => matches(rule, r, f, m));
        if (i >= 0) reached.add(i);
      }
  return map.segments.findIndex((_, i) => !reached.has(i));
}

export function loadSegmentMap(nameOrPath: string = DEFAULT_SEGMENT_MAP): SegmentMap {
  const path = SHIPPED_SEGMENT_MAPS[nameOrPath as keyof typeof SHIPPED_SEGMENT_MAPS] ?? nameOrPath;
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
  // A rule that can never match is a map that says something it does not do: refuse it.
  const dead = firstUnreachableRule(parsed.data);
  if (dead >= 0) {
    const name = parsed.data.segments[dead].name;
    throw new ConfigError(path, `segments.${dead}`, `"${name}" can never match: the rules before it take every score it covers (first matching rule wins)`);
  }
  return parsed.data;
}

/** Russian names of the segments of the shipped maps (a chain's own map names its own). */
export function shippedSegmentLabelsRu(): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const name of Object.keys(SHIPPED_SEGMENT_MAPS)) {
    const map = loadSegmentMap(name);
    if (map.fallback_ru) labels[map.fallback] = map.fallback_ru;
    for (const s of map.segments) if (s.label_ru) labels[s.name] = s.label_ru;
  }
  return labels;
}
