/**
 * What a destination should hold and what the warehouse believes it holds, for the delivery tests
 * that compare both with the destination's own replayed log (fake-destination.ts `held()`).
 */
import { shapeQuery, SHAPE_KEY, type ExportShape } from "../../segments/export-shapes.js";
import type { Warehouse } from "../../src/db/warehouse.js";

/** The rows of the segment's latest run in a shape, as the destination receives them (JSON), by key. */
export async function wantedMembers(wh: Warehouse, segment: string, shape: ExportShape = "mailer"): Promise<Map<string, Record<string, unknown>>> {
  const { run_id: runId } = await wh.one<{ run_id: number }>("SELECT max(run_id)::INTEGER AS run_id FROM segment_runs WHERE segment = $1", [segment]);
  const rows = await wh.all<{ j: string }>(`SELECT to_json(q)::VARCHAR AS j FROM (${shapeQuery(shape, runId)}) q`);
  const key = SHAPE_KEY[shape];
  return new Map(rows.map((r) => JSON.parse(r.j) as Record<string, unknown>).map((m) => [String(m[key]), m]));
}

export interface BelievedState {
  /** Members the warehouse knows the destination holds (confirmed). */
  confirmed: string[];
  /** Members it may hold (a batch that touched them was not confirmed, or a full resync asked). */
  inDoubt: string[];
}

export async function believedState(wh: Warehouse, destination: string, segment: string): Promise<BelievedState> {
  const rows = await wh.all<{ member_key: string; in_doubt: boolean }>(
    "SELECT member_key, in_doubt FROM destination_state WHERE destination = $1 AND segment = $2 ORDER BY member_key",
    [destination, segment],
  );
  return { confirmed: rows.filter((r) => !r.in_doubt).map((r) => r.member_key), inDoubt: rows.filter((r) => r.in_doubt).map((r) => r.member_key) };
}

/** Keys of a map, sorted (for comparisons whose failure message should list members). */
export const keysOf = (m: Map<string, unknown>) => [...m.keys()].sort();
