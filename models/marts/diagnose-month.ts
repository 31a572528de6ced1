/**
 * The diagnosis of a month: which cells (a store, a city, a lifecycle stage, a category within a
 * stage…) moved differently from the chain, by how much money, and whether that is more than the
 * cell's usual wobble. For each series of mart_diagnosis_cells and each comparison (the month before,
 * the same month last year) the cell's *excess* is its change beyond the typical change: the median
 * change of the cells beside it (the stores, the cities, a category's stages…; the reference row when
 * there are fewer than three), so one cell's collapse does not make every other look like a rise. A
 * change is a log ratio for a level (revenue, buyers, check, visits), a difference for a share. The
 * same excess over the 12 months before is the cell's noise: the month's excess is
 * tested against their mean and spread with a t prediction interval (k − 1 degrees of freedom, the
 * spread widened by √(1 + 1/k) for the estimated mean), and the p-value is multiplied by the number of
 * series tested that month (Bonferroni): hundreds of cells are tested, and one in twenty would pass a
 * plain 5 % test by chance. A finding is more than noise when the corrected p-value is below 1 % and its
 * effect is at least `minImpactShare` of the month's member revenue.
 *
 * The effect in money: for a level, (value − the value had the cell moved like the typical cell) × what
 * a unit is worth (`unit_value`: 1 for revenue, revenue per buyer for buyers, …); for a share, the
 * excess × the money it applies to. Signed as revenue: rising pre-churn is a loss.
 */
import tCdf from "@stdlib/stats-base-dists-t-cdf";

export const DIAGNOSIS_METRICS = {
  revenue: { kind: "level", direction: 1 },
  buyers: { kind: "level", direction: 1 },
  avg_check: { kind: "level", direction: 1 },
  visits_per_buyer: { kind: "level", direction: 1 },
  identified_share: { kind: "share", direction: 1 },
  pre_churn_inflow: { kind: "share", direction: -1 },
  penetration: { kind: "share", direction: 1 },
} as const;
export type DiagnosisMetric = keyof typeof DIAGNOSIS_METRICS;

export const COMPARISONS = { previous_month: 1, last_year: 12 } as const;
export type Comparison = keyof typeof COMPARISONS;

export interface CellValue {
  period_start: string;
  dimension: string;
  cell: string;
  metric: DiagnosisMetric;
  value: number | null;
  unit_value: number | null;
  reference_dimension: string | null;
  reference_cell: string | null;
}

export interface Finding {
  period_start: string;
  comparison: Comparison;
  dimension: string;
  cell: string;
  metric: DiagnosisMetric;
  value: number;
  base_value: number;
  reference_value: number;
  reference_base_value: number;
  /** The typical change of the cells beside it (log ratio for levels, points for shares). */
  reference_change: number;
  /** The change beyond the typical one. */
  excess: number;
  history_months: number;
  t_statistic: number;
  /** Bonferroni-corrected over the series tested for this month and comparison. */
  p_value: number;
  impact: number;
  significant: boolean;
}

export interface DiagnosisOptions {
  /** Months of excess history a test needs; fewer and the series is not tested. */
  minHistory: number;
  /** Months of history looked at. */
  historyMonths: number;
  /** The smallest effect that counts, as a share of the month's member revenue. */
  minImpactShare: number;
  alpha: number;
}

export const DIAGNOSIS_DEFAULTS: DiagnosisOptions = { minHistory: 6, historyMonths: 12, minImpactShare: 0.002, alpha: 0.01 };

const key = (...parts: string[]) => parts.join("\u0000");

function addMonths(isoMonth: string, n: number): string {
  const d = new Date(`${isoMonth}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
}

/** The change from `v0` to `v`: a log ratio for a level, a difference for a share; undefined where a level is not positive. */
function changeOf(metric: DiagnosisMetric, v: number, v0: number): number | undefined {
  if (DIAGNOSIS_METRICS[metric].kind === "share") return v - v0;
  return v > 0 && v0 > 0 ? Math.log(v / v0) : undefined;
}

function impactOf(metric: DiagnosisMetric, v: number, v0: number, typicalChange: number, unit: number): number {
  const m = DIAGNOSIS_METRICS[metric];
  const beyond = m.kind === "share" ? v - v0 - typicalChange : v - v0 * Math.exp(typicalChange);
  return m.direction * beyond * unit;
}

/** The cells a cell is compared with: the same dimension, or the same category's stages. */
export function peerGroup(s: Pick<CellValue, "dimension" | "cell" | "metric">): string {
  return s.dimension === "category_stage" ? key(s.metric, s.dimension, s.cell.split(" × ")[0]) : key(s.metric, s.dimension);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Every series tested for `month`, both comparisons; the findings more than noise are `significant`. */
export function diagnoseMonth(rows: CellValue[], month: string, o: DiagnosisOptions = DIAGNOSIS_DEFAULTS): Finding[] {
  const at = new Map<string, CellValue>();
  for (const r of rows) at.set(key(r.period_start, r.dimension, r.cell, r.metric), r);
  const value = (m: string, dimension: string, cell: string, metric: string) => at.get(key(m, dimension, cell, metric))?.value ?? undefined;
  const series = rows.filter((r) => r.period_start === month && r.reference_dimension && r.unit_value != null);
  const peers = new Map<string, CellValue[]>();
  for (const s of rows.filter((r) => r.period_start === month && r.reference_dimension)) peers.set(peerGroup(s), [...(peers.get(peerGroup(s)) ?? []), s]);
  const memberRevenue = value(month, "members", "all", "revenue") ?? 0;
  const findings: Finding[] = [];
  for (const [comparison, lag] of Object.entries(COMPARISONS) as [Comparison, number][]) {
    const change = (s: CellValue, m: string) => {
      const [v, v0] = [value(m, s.dimension, s.cell, s.metric), value(addMonths(m, -lag), s.dimension, s.cell, s.metric)];
      return v == null || v0 == null ? undefined : changeOf(s.metric, v, v0);
    };
    const typical = new Map<string, number | undefined>();
    const typicalChange = (s: CellValue, m: string) => {
      const k = key(peerGroup(s), m);
      if (!typical.has(k)) {
        const changes = (peers.get(peerGroup(s)) ?? []).map((p) => change(p, m)).filter((c): c is number => c !== undefined);
        const [r, r0] = [value(m, s.reference_dimension!, s.reference_cell!, s.metric), value(addMonths(m, -lag), s.reference_dimension!, s.reference_cell!, s.metric)];
        typical.set(k, changes.length >= 3 ? median(changes) : r == null || r0 == null ? undefined : changeOf(s.metric, r, r0));
      }
      return typical.get(k);
    };
    const excessAt = (s: CellValue, m: string) => {
      const [c, t] = [change(s, m), typicalChange(s, m)];
      return c === undefined || t === undefined ? undefined : c - t;
    };
    const tested: Omit<Finding, "p_value" | "significant">[] = [];
    for (const s of series) {
      const excess = excessAt(s, month);
      if (excess === undefined) continue;
      const history = Array.from({ length: o.historyMonths }, (_, i) => excessAt(s, addMonths(month, -(i + 1)))).filter((e): e is number => e !== undefined);
      if (history.length < o.minHistory) continue;
      const k = history.length;
      const mean = history.reduce((a, b) => a + b, 0) / k;
      const sd = Math.sqrt(history.reduce((a, b) => a + (b - mean) ** 2, 0) / (k - 1));
      const spread = sd * Math.sqrt(1 + 1 / k);
      const t = spread > 0 ? (excess - mean) / spread : excess === mean ? 0 : Infinity * Math.sign(excess - mean);
      const base = addMonths(month, -lag);
      const [v, v0] = [value(month, s.dimension, s.cell, s.metric)!, value(base, s.dimension, s.cell, s.metric)!];
      const typicalNow = typicalChange(s, month)!;
      tested.push({
        period_start: month, comparison, dimension: s.dimension, cell: s.cell, metric: s.metric, value: v, base_value: v0,
        reference_value: value(month, s.reference_dimension!, s.reference_cell!, s.metric) ?? NaN,
        reference_base_value: value(base, s.reference_dimension!, s.reference_cell!, s.metric) ?? NaN,
        reference_change: typicalNow, excess, history_months: k, t_statistic: t, impact: impactOf(s.metric, v, v0, typicalNow, s.unit_value!),
      });
    }
    for (const f of tested) {
      const p = Number.isFinite(f.t_statistic) ? 2 * (1 - tCdf(Math.abs(f.t_statistic), f.history_months - 1)) : 0;
      const pValue = Math.min(1, p * tested.length);
      findings.push({ ...f, p_value: pValue, significant: pValue < o.alpha && Math.abs(f.impact) >= o.minImpactShare * memberRevenue });
    }
  }
  return findings;
}

/**
 * Which cells a cell contains, for telling a cause from its echo: a city holds its stores, a category
 * and a lifecycle stage hold the category's stages.
 */
export function containsCell(parent: Pick<Finding, "dimension" | "cell">, child: Pick<Finding, "dimension" | "cell">, storeCities: Map<string, string>): boolean {
  if (parent.dimension === "city") return child.dimension === "store" && storeCities.get(child.cell) === parent.cell;
  if (child.dimension !== "category_stage") return false;
  const [category, stage] = child.cell.split(" × ");
  return (parent.dimension === "category" && parent.cell === category) || (parent.dimension === "cvm_stage" && parent.cell === stage);
}

export type RankedCell = Finding & { rank: number; other_metrics: DiagnosisMetric[]; explained_by: string | null };

/**
 * The cells that explain the month, for each comparison: one row per cell (its largest effect among
 * its metrics more than noise, or its largest effect at all when none is), ranked by the size of that
 * effect, cells more than noise first. A cell whose effect one of its own cells more than noise
 * carries (the same sign, at least half the money: a city whose one store lost its card sales) comes
 * after the causes, `explained_by` that cell.
 */
export function rankCells(findings: Finding[], storeCities: Map<string, string> = new Map()): RankedCell[] {
  const byCell = new Map<string, Finding[]>();
  for (const f of findings) byCell.set(key(f.comparison, f.dimension, f.cell), [...(byCell.get(key(f.comparison, f.dimension, f.cell)) ?? []), f]);
  const heads = [...byCell.values()].map((fs) => {
    const sorted = [...fs].sort((a, b) => Number(b.significant) - Number(a.significant) || Math.abs(b.impact) - Math.abs(a.impact));
    return { ...sorted[0], other_metrics: sorted.slice(1).filter((f) => f.significant).map((f) => f.metric) };
  });
  const explained = heads.map((p) => {
    if (!p.significant) return { ...p, explained_by: null };
    const cause = heads.find((c) => c !== p && c.comparison === p.comparison && c.significant && containsCell(p, c, storeCities)
      && Math.sign(c.impact) === Math.sign(p.impact) && Math.abs(c.impact) >= 0.5 * Math.abs(p.impact));
    return { ...p, explained_by: cause ? `${cause.dimension}:${cause.cell}` : null };
  });
  const order = (f: (typeof explained)[number]) => (f.significant ? (f.explained_by ? 1 : 0) : 2);
  const ranked = explained.sort((a, b) => order(a) - order(b) || Math.abs(b.impact) - Math.abs(a.impact));
  const rankIn = new Map<Comparison, number>();
  return ranked.map((f) => {
    const rank = (rankIn.get(f.comparison) ?? 0) + 1;
    rankIn.set(f.comparison, rank);
    return { ...f, rank };
  });
}
