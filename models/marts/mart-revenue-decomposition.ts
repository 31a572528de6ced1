/**
 * What drove the change of members' revenue: for every month, against the previous month and the
 * same month a year before, the change split by LMDI into the customers, check and visits effects,
 * for the chain, each store and each RFM segment. A segment is the one its members were in at the end
 * of the base month (mart_segment_revenue_factors), not today's. Store and segment rows also carry
 * their share of the chain's change (both partition the chain's revenue, so their changes add up to
 * the chain's), which is how a notebook finds the stores or segments that explain most of a move.
 */
import type { Warehouse } from "../../src/db/warehouse.js";
import type { CodeModel } from "../model.js";
import type { TableRefs } from "../table-refs.js";
import { lmdi, type PeriodTotals } from "./lmdi.js";

interface FactorRow extends PeriodTotals {
  scope: string;
  scope_id: string;
  period: string;
}

const COMPARISONS = [
  { name: "previous_period", monthsBack: 1 },
  { name: "same_period_last_year", monthsBack: 12 },
] as const;

const EMPTY: PeriodTotals = { customers: 0, visits: 0, revenue: 0 };

function monthsBefore(period: string, months: number): string {
  const [y, m] = period.split("-").map(Number);
  const d = new Date(Date.UTC(y, m - 1 - months, 1));
  return d.toISOString().slice(0, 10);
}

interface SegmentFactorRow extends PeriodTotals {
  segment: string;
  base: string;
  period: string;
}

/** Before and after figures of every scope that had members' revenue in either month. */
type Pair = { scope: string; scope_id: string; before: PeriodTotals; after: PeriodTotals };

export async function revenueDecompositionRows(wh: Warehouse, { ref }: TableRefs): Promise<Record<string, string | number | null>[]> {
  const factors = await wh.all<FactorRow>(
    `SELECT scope, scope_id, strftime(period_start, '%Y-%m-%d') AS period, customers, visits, revenue FROM ${ref("mart_revenue_factors")}`,
  );
  const segmentFactors = await wh.all<SegmentFactorRow>(
    `SELECT segment, strftime(base_period_start, '%Y-%m-%d') AS base, strftime(period_start, '%Y-%m-%d') AS period, customers, visits, revenue
     FROM ${ref("mart_segment_revenue_factors")}`,
  );
  const key = (...parts: string[]) => parts.join("|");
  const byKey = new Map(factors.map((f) => [key(f.scope, f.scope_id, f.period), f]));
  const bySegment = new Map(segmentFactors.map((f) => [key(f.segment, f.base, f.period), f]));
  const segmentsAt = new Map<string, Set<string>>();
  for (const f of segmentFactors) segmentsAt.set(f.base, (segmentsAt.get(f.base) ?? new Set()).add(f.segment));
  const periods = [...new Set(factors.map((f) => f.period))].sort();
  const firstPeriod = periods[0];
  const scopes = [...new Map(factors.map((f) => [`${f.scope}|${f.scope_id}`, f])).values()];
  const pairs = (base: string, period: string): Pair[] => [
    ...scopes.map(({ scope, scope_id }) => ({
      scope, scope_id, before: byKey.get(key(scope, scope_id, base)) ?? EMPTY, after: byKey.get(key(scope, scope_id, period)) ?? EMPTY,
    })),
    ...[...(segmentsAt.get(base) ?? [])].sort().map((segment) => ({
      scope: "segment", scope_id: segment, before: bySegment.get(key(segment, base, base)) ?? EMPTY, after: bySegment.get(key(segment, base, period)) ?? EMPTY,
    })),
  ];
  const rows: Record<string, string | number | null>[] = [];
  for (const comparison of COMPARISONS) {
    for (const period of periods) {
      const base = monthsBefore(period, comparison.monthsBack);
      if (base < firstPeriod) continue; // no history to compare with
      const chainChange = (byKey.get(key("chain", "chain", period))?.revenue ?? 0) - (byKey.get(key("chain", "chain", base))?.revenue ?? 0);
      for (const { scope, scope_id, before, after } of pairs(base, period)) {
        if (before === EMPTY && after === EMPTY) continue;
        const e = lmdi(before, after);
        rows.push({
          scope, scope_id, comparison: comparison.name, period_start: period, base_period_start: base,
          revenue_base: before.revenue, revenue: after.revenue,
          customers_base: before.customers, customers: after.customers,
          visits_base: before.visits, visits: after.visits,
          change: e.change, change_pct: before.revenue > 0 ? e.change / before.revenue : null,
          customers_effect: e.customers, check_effect: e.check, visits_effect: e.visits,
          share_of_chain_change: scope !== "chain" && chainChange !== 0 ? e.change / chainChange : null,
        });
      }
    }
  }
  return rows;
}

export const martRevenueDecomposition: CodeModel = {
  kind: "code",
  name: "mart_revenue_decomposition",
  description: "LMDI split of members' revenue change into customers, check and visits effects, month on month and year on year: chain, stores, segments.",
  layer: "mart",
  grain: ["scope", "scope_id", "comparison", "period_start"],
  reads: ({ ref }) => [ref("mart_revenue_factors"), ref("mart_segment_revenue_factors")],
  build: async (wh, ctx) => {
    await wh.exec(`CREATE OR REPLACE TABLE mart_revenue_decomposition (
      scope VARCHAR, scope_id VARCHAR, comparison VARCHAR, period_start DATE, base_period_start DATE,
      revenue_base DOUBLE, revenue DOUBLE, customers_base BIGINT, customers BIGINT, visits_base BIGINT, visits BIGINT,
      change DOUBLE, change_pct DOUBLE, customers_effect DOUBLE, check_effect DOUBLE, visits_effect DOUBLE, share_of_chain_change DOUBLE)`);
    await wh.insert("mart_revenue_decomposition", await revenueDecompositionRows(wh, ctx));
  },
  tests: [
    {
      kind: "expression",
      name: "effects add up to the change (1e-9 relative)",
      failingRows: () => `SELECT scope, scope_id, comparison, period_start FROM mart_revenue_decomposition
        WHERE abs(customers_effect + check_effect + visits_effect - change) > 1e-9 * greatest(1, abs(revenue), abs(revenue_base))`,
    },
    {
      kind: "expression",
      name: "store changes and segment changes each add up to the chain's",
      failingRows: () => `SELECT c.comparison, c.period_start, s.scope FROM mart_revenue_decomposition c
        JOIN (SELECT scope, comparison, period_start, sum(change) AS change FROM mart_revenue_decomposition WHERE scope <> 'chain' GROUP BY ALL) s USING (comparison, period_start)
        WHERE c.scope = 'chain' AND abs(s.change - c.change) > 1e-6 * greatest(1, abs(c.revenue))`,
    },
  ],
};
