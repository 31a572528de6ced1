import type { Warehouse } from "../../src/db/warehouse.js";
import type { CodeModel, ModelContext } from "../model.js";
import { type CellValue, diagnoseMonth, DIAGNOSIS_DEFAULTS, rankCells } from "./diagnose-month.js";
import { findingAdvice, findingSentence } from "./diagnosis-wording.js";

/** How many cells a month keeps per comparison besides those more than noise: the largest effects, for context. */
const KEEP_CELLS = 15;

const cells = (ctx: ModelContext) => `SELECT strftime(period_start, '%Y-%m-%d') AS period_start, dimension, cell, metric, value, unit_value,
    reference_dimension, reference_cell FROM ${ctx.ref("mart_diagnosis_cells")}`;
const stores = (ctx: ModelContext) => `SELECT store_id, name, city FROM ${ctx.ref("dim_stores")}`;

/**
 * The diagnosis of every complete month with enough history (models/marts/diagnose-month.ts): per
 * month and comparison (previous month, last year), the cells ranked by the size of their effect,
 * those more than noise first, each with its sentence, mechanic and page. `npx loyalty diagnose`
 * prints a month of it; the «Диагноз месяца» page shows the last.
 */
export const martDiagnosis: CodeModel = {
  kind: "code",
  name: "mart_diagnosis",
  description: "The diagnosis of each complete month: cells ranked by their effect on revenue against the chain, tested against their own history, with a sentence, a mechanic and a page.",
  layer: "mart",
  grain: ["period_start", "comparison", "rank"],
  reads: (ctx) => [cells(ctx), stores(ctx)],
  build: async (wh, ctx) => {
    await wh.exec(`CREATE OR REPLACE TABLE mart_diagnosis (period_start DATE, comparison VARCHAR, rank INTEGER, dimension VARCHAR, cell VARCHAR,
      metric VARCHAR, value DOUBLE, base_value DOUBLE, reference_value DOUBLE, reference_base_value DOUBLE, reference_change DOUBLE, excess DOUBLE,
      history_months INTEGER, t_statistic DOUBLE, p_value DOUBLE, impact DOUBLE, significant BOOLEAN, explained_by VARCHAR, other_metrics VARCHAR,
      sentence VARCHAR, mechanic VARCHAR, page VARCHAR)`);
    const rows = await wh.all<CellValue>(cells(ctx));
    const storeRows = await wh.all<{ store_id: string; name: string | null; city: string | null }>(stores(ctx));
    const storeNames = new Map(storeRows.map((s) => [s.store_id, s.name ?? s.store_id]));
    const storeCities = new Map(storeRows.map((s) => [s.store_id, s.city ?? "(нет)"]));
    const months = [...new Set(rows.map((r) => r.period_start))].sort().slice(DIAGNOSIS_DEFAULTS.minHistory + 1);
    for (const month of months) {
      const ranked = rankCells(diagnoseMonth(rows, month), storeCities).filter((f) => f.significant || f.rank <= KEEP_CELLS);
      if (ranked.length === 0) continue;
      await wh.insert("mart_diagnosis", ranked.map((f) => {
        const { other_metrics, ...finding } = f;
        const advice = findingAdvice(f);
        const t = Number.isFinite(f.t_statistic) ? f.t_statistic : Math.sign(f.t_statistic) * 1e9;
        const reference = (v: number) => (Number.isFinite(v) ? v : null);
        return {
          ...finding, t_statistic: t, reference_value: reference(f.reference_value), reference_base_value: reference(f.reference_base_value),
          other_metrics: other_metrics.join(", ") || null, sentence: findingSentence(f, storeNames), mechanic: advice.mechanic, page: advice.page,
        };
      }));
    }
  },
};

export interface DiagnosisRow {
  period_start: string;
  comparison: string;
  rank: number;
  dimension: string;
  cell: string;
  metric: string;
  impact: number;
  p_value: number;
  significant: boolean;
  explained_by: string | null;
  sentence: string;
  mechanic: string;
  page: string;
}

/** The diagnosis of `month` (YYYY-MM; default the last one diagnosed), both comparisons, in rank order. */
export async function readDiagnosis(wh: Warehouse, month?: string): Promise<{ month: string | null; rows: DiagnosisRow[] }> {
  const months = await wh.all<{ month: string }>(`SELECT DISTINCT strftime(period_start, '%Y-%m') AS month FROM mart_diagnosis ORDER BY month`);
  const chosen = month ?? months.at(-1)?.month ?? null;
  if (chosen === null || !months.some((m) => m.month === chosen)) return { month: chosen, rows: [] };
  const rows = await wh.all<DiagnosisRow>(
    `SELECT strftime(period_start, '%Y-%m-%d') AS period_start, comparison, rank, dimension, cell, metric, impact, p_value, significant, explained_by,
       sentence, mechanic, page
     FROM mart_diagnosis WHERE strftime(period_start, '%Y-%m') = $1 ORDER BY comparison DESC, rank`,
    [chosen],
  );
  return { month: chosen, rows };
}

/** The stores of a city (dim_stores), for a finding about a city turned into a segment. */
export async function storesByCity(wh: Warehouse): Promise<Map<string, string[]>> {
  const rows = await wh.all<{ city: string; stores: string[] }>(`SELECT coalesce(city, '(нет)') AS city, list(store_id ORDER BY store_id) AS stores FROM dim_stores GROUP BY ALL`);
  return new Map(rows.map((r) => [r.city, r.stores]));
}
