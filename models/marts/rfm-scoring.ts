/**
 * RFM scores and the named segment, one rule for every model that scores members: mart_rfm (as of
 * the build date) and the segment attribution of the revenue change (as of each month's end).
 *
 * Score breaks follow the R package `rfm` (rfm_table_order): the inner breaks are the type-7
 * quantiles at 20/40/60/80% *plus one*, score bins are [lower, upper), so a value's bin is
 * 1 + the number of breaks at or below it; recency scores run the other way (most recent = 5).
 * User-given breaks (config `models.rfm.breaks`) are used as they are, as the package does.
 */
import { sqlString } from "../../src/db/warehouse.js";
import type { ModelParams } from "../../src/config/model-params.js";
import { loadSegmentMap, type SegmentMap } from "./rfm-segment-map.js";

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

/**
 * A query over `source` (recency_days, frequency, monetary and the `group` column if given) that adds
 * recency_score, frequency_score, monetary_score, rfm_score and segment; quantile breaks are taken
 * within each group (each as-of date), as if the package had been run on that date.
 */
export function scoreRfmSql(source: string, params: ModelParams["rfm"], group?: string): string {
  const { breaks } = params;
  const breaksQuery = `SELECT ${group ? `${group}, ` : ""}${breaksExpr("recency_days", breaks.recency)} AS r,
      ${breaksExpr("frequency", breaks.frequency)} AS f, ${breaksExpr("monetary", breaks.monetary)} AS m
    FROM ${source}${group ? ` GROUP BY ${group}` : ""}`;
  return `SELECT *, recency_score * 100 + frequency_score * 10 + monetary_score AS rfm_score,
      ${segmentCaseSql(loadSegmentMap(params.segmentMap))} AS segment
    FROM (
      SELECT src.*, 6 - ${scoreExpr("src.recency_days", "b.r")} AS recency_score, ${scoreExpr("src.frequency", "b.f")} AS frequency_score,
        ${scoreExpr("src.monetary", "b.m")} AS monetary_score
      FROM ${source} src ${group ? `JOIN (${breaksQuery}) b USING (${group})` : `CROSS JOIN (${breaksQuery}) b`}
    )`;
}
