/**
 * The configured tier levels (config `models.tiers.levels`, lowest first) as SQL: a tier's rank, the
 * next tier and the qualifying spend it needs. Tiers are matched case-insensitively; a tier the
 * levels do not name has no rank and no next tier (NULL), never a guessed one.
 */
import type { ModelContext } from "../model.js";
import { sqlString } from "../../src/db/warehouse.js";

/** The tier's rank in the configured levels (1 = lowest), NULL for a tier the levels do not name. */
export function tierRank(column: string, ctx: ModelContext): string {
  const levels = ctx.params.tiers.levels;
  if (!levels) return "NULL::INT";
  return `CASE lower(${column}) ${levels.map((l, i) => `WHEN ${sqlString(l.tier.toLowerCase())} THEN ${i + 1}`).join(" ")} END`;
}

/** The qualifying spend the next tier up needs (NULL at the top, for an unranked tier, or without levels). */
export function nextTierSpend(column: string, ctx: ModelContext): string {
  const levels = ctx.params.tiers.levels;
  if (!levels) return "NULL::DOUBLE";
  return `CASE lower(${column}) ${levels.slice(0, -1).map((l, i) => `WHEN ${sqlString(l.tier.toLowerCase())} THEN ${levels[i + 1].minSpend}`).join(" ")} END`;
}

/** The next tier's name (NULL at the top, for an unranked tier, or without levels). */
export function nextTierName(column: string, ctx: ModelContext): string {
  const levels = ctx.params.tiers.levels;
  if (!levels) return "NULL::VARCHAR";
  return `CASE lower(${column}) ${levels.slice(0, -1).map((l, i) => `WHEN ${sqlString(l.tier.toLowerCase())} THEN ${sqlString(levels[i + 1].tier)}`).join(" ")} END`;
}
