/**
 * The till's offers of every segment's latest run, as the `pos` export shape makes them (card
 * number, offer code, validity: no personal data), for the Segments page's download. A chain that
 * does not want card numbers on its report site turns it off (`segments.publishOffersOnSite`).
 */
import { shapeQuery } from "../segments/export-shapes.js";
import { isoDate, type SnapshotQuery } from "./query-snapshot.js";

export interface SegmentOfferRow {
  segment: string;
  card_number: string;
  offer_code: string;
  valid_from: string;
  valid_to: string;
}

export async function segmentOffers(q: SnapshotQuery): Promise<SegmentOfferRow[]> {
  if (!q.has("segment_runs") || !q.has("segment_members")) return [];
  // The export's own query, over the snapshot's tables under their warehouse names.
  for (const table of ["segment_runs", "segment_members"]) await q.all(`CREATE OR REPLACE VIEW ${table} AS SELECT * FROM ${q.scan(table)}`);
  const latest = await q.all<{ segment: string; run_id: number }>(
    "SELECT segment, max(run_id)::INTEGER AS run_id FROM segment_runs GROUP BY segment ORDER BY segment",
  );
  const rows: SegmentOfferRow[] = [];
  for (const { segment, run_id } of latest) {
    const offers = await q.all<Omit<SegmentOfferRow, "segment">>(
      `SELECT card_number, offer_code, ${isoDate("valid_from")} AS valid_from, ${isoDate("valid_to")} AS valid_to FROM (${shapeQuery("pos", run_id)})`,
    );
    rows.push(...offers.map((o) => ({ segment, ...o })));
  }
  return rows;
}

/** CSV as Excel in a Russian locale opens it: UTF-8 with BOM, `;`. Every value is a code, number or date. */
export function offersCsv(rows: SegmentOfferRow[]): string {
  const header = ["segment", "card_number", "offer_code", "valid_from", "valid_to"] as const;
  return "\uFEFF" + [header.join(";"), ...rows.map((r) => header.map((h) => r[h]).join(";"))].join("\n") + "\n";
}
