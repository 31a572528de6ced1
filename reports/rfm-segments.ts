/** RFM segments: size, share of members and revenue, average check, average recency. */
import { segmentLabelSql, type SnapshotQuery } from "./query-snapshot.js";

export interface RfmSegmentRow {
  segment: string;
  /** The segment's name in the site's language. */
  segment_name: string;
  members: number;
  member_share: number;
  revenue: number;
  revenue_share: number;
  receipts: number;
  avg_check: number;
  avg_recency_days: number;
}

export function rfmSegments(q: SnapshotQuery): Promise<RfmSegmentRow[]> {
  return q.all<RfmSegmentRow>(`
    SELECT segment, ${segmentLabelSql("segment")} AS segment_name, members::DOUBLE AS members, member_share::DOUBLE AS member_share, revenue::DOUBLE AS revenue,
      revenue_share::DOUBLE AS revenue_share, receipts::DOUBLE AS receipts, avg_check::DOUBLE AS avg_check,
      avg_recency_days::DOUBLE AS avg_recency_days
    FROM ${q.scan("mart_rfm_segments")} ORDER BY revenue DESC`);
}
