import { sqlString } from "../../src/db/warehouse.js";
import type { SqlModel } from "../model.js";
import { loadSegmentMap, type SegmentMap } from "./rfm-segment-map.js";

/**
 * RFM per member as of the build date: recency (days since the last purchase), frequency (sales
 * receipts), monetary (revenue net of returns), scores 1–5 and the named segment.
 *
 * Score breaks follow the R package `rfm` (rfm_table_order): the inner breaks are the type-7
 * quantiles at 20/40/60/80% *plus one*, score bins are [lower, upper), so a value's bin is
 * 1 + the number of breaks at or below it; recency scores run the other way (most recent = 5).
 * User-given breaks (config `models.rfm.breaks`) are used as they are, as the package does.
 */
function scoreExpr(value: string, breaks: string): string {
  return `(1 + list_count(list_filter(${breaks}, b -> b <= ${value})))`;
}

function breaksExpr(column: string, given: number[] | undefined): string {
  return given ? `[${given.join(", ")}]::DOUBLE[]` : `list_transform(quantile_cont(${column}, [0.2, 0.4, 0.6, 0.8]), q -> q + 1)`;
}

/** The map as one SQL CASE over recency_score, frequency_score, monetary_score: first match wins. */
export function segmentCaseSql(map: SegmentMap): string {
  const rules = map.segments.map(
    (s) =>
      `WHEN recency_score BETWEEN ${s.recency[0]} AND ${s.recency[1]} AND frequency_score BETWEEN ${s.frequency[0]} AND ${s.frequency[1]}` +
      ` AND monetary_score BETWEEN ${s.monetary[0]} AND ${s.monetary[1]} THEN ${sqlString(s.name)}`,
  );
  return `CASE ${rules.join(" ")} ELSE ${sqlString(map.fallback)} END`;
}

export const martRfm: SqlModel = {
  kind: "sql",
  name: "mart_rfm",
  description: "Recency, frequency, monetary, RFM scores and segment per member as of the build date.",
  layer: "mart",
  grain: ["member_id"],
  dependsOn: ["fct_receipts"],
  sql: (ctx) => {
    const { breaks } = ctx.params.rfm;
    return `WITH rfm AS (
        SELECT member_id, max(receipt_date) FILTER (WHERE NOT is_return) AS last_purchase,
          date_diff('day', max(receipt_date) FILTER (WHERE NOT is_return), DATE '${ctx.asOf}') AS recency_days,
          count(*) FILTER (WHERE NOT is_return) AS frequency, sum(net_amount) AS monetary
        FROM fct_receipts WHERE is_identified AND receipt_date <= DATE '${ctx.asOf}'
        GROUP BY member_id HAVING count(*) FILTER (WHERE NOT is_return) > 0
      ),
      breaks AS (
        SELECT ${breaksExpr("recency_days", breaks.recency)} AS r, ${breaksExpr("frequency", breaks.frequency)} AS f,
          ${breaksExpr("monetary", breaks.monetary)} AS m FROM rfm
      ),
      scored AS (
        SELECT rfm.*, 6 - ${scoreExpr("recency_days", "breaks.r")} AS recency_score, ${scoreExpr("frequency", "breaks.f")} AS frequency_score,
          ${scoreExpr("monetary", "breaks.m")} AS monetary_score
        FROM rfm, breaks
      )
      SELECT *, recency_score * 100 + frequency_score * 10 + monetary_score AS rfm_score, ${segmentCaseSql(loadSegmentMap(ctx.params.rfm.segmentMap))} AS segment,
        monetary / frequency AS avg_check
      FROM scored`;
  },
  tests: [
    {
      kind: "expression",
      name: "scores between 1 and 5",
      failingRows: () => "SELECT member_id FROM mart_rfm WHERE NOT (recency_score BETWEEN 1 AND 5 AND frequency_score BETWEEN 1 AND 5 AND monetary_score BETWEEN 1 AND 5)",
    },
  ],
};

export const martRfmSegments: SqlModel = {
  kind: "sql",
  name: "mart_rfm_segments",
  description: "RFM segments: members, share of members, revenue and its share, receipts, average check.",
  layer: "mart",
  grain: ["segment"],
  dependsOn: ["mart_rfm"],
  sql: () => `SELECT segment, count(*) AS members, count(*) / sum(count(*)) OVER () AS member_share,
      sum(monetary) AS revenue, sum(monetary) / sum(sum(monetary)) OVER () AS revenue_share,
      sum(frequency) AS receipts, sum(monetary) / sum(frequency) AS avg_check,
      avg(recency_days) AS avg_recency_days
    FROM mart_rfm GROUP BY segment`,
};
