/**
 * The whole flow on a small sample chain, as `npm start` runs it: generate → ingest → build → run
 * the shipped segments → publish, and the numbers make sense together.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FileLoadResult } from "../../ingest/load-file.js";
import { Warehouse } from "../../src/db/warehouse.js";
import { openSnapshot } from "../../src/snapshot/read-snapshot.js";
import { querySnapshot } from "../../reports/query-snapshot.js";
import { segments as segmentsReport } from "../../reports/segments.js";
import type { SegmentRun } from "../../segments/run-segment.js";
import { builtChain, type BuiltChain } from "./built-chain.js";
import type { ProfileHistoryTruth } from "../../ingest/sample-chain/build-profile-history.js";

let chain: BuiltChain;
let wh: Warehouse;
let results: FileLoadResult[];
let truth: {
  counts: Record<string, number> & {
    messages_by_channel: Record<string, { sent: number; delivered: number; opened: number; clicked: number; cost: number }>;
    bonus_use_by_month: { month: string; active_members: number; bonus_payers: number }[];
  };
  rules: { message_rates: Record<string, { delivered: number; opened: number; clicked: number }> };
  bad_rows: { file: string; line: number; outcome: "quarantined" | "warning" }[];
  resent_file: { name: string; rows: number };
  profile_history: ProfileHistoryTruth;
};
let segmentRuns: SegmentRun[];

beforeAll(async () => {
  chain = await builtChain();
  truth = JSON.parse(readFileSync(join(chain.chainDir, "_truth.json"), "utf8"));
  wh = await Warehouse.open(chain.warehouse, { readOnly: true });
  results = chain.ingest;
  segmentRuns = chain.segmentRuns;
}, 300_000);

afterAll(() => wh?.close());

const one = <T = Record<string, number>>(sql: string) => wh.one<T>(sql);

describe("the sample chain end to end", () => {
  it("reconciles every file, quarantines exactly the planted bad rows and catches the re-sent file", async () => {
    for (const r of results) expect(r.rowsRead).toBe(r.loaded + r.updated + r.quarantined + r.duplicates + r.conflicts);
    const planted = (outcome: string) => truth.bad_rows.filter((b) => b.outcome === outcome).map((b) => `${b.file}:${b.line}`).sort();
    const at = async (sql: string) => (await wh.all<{ at: string }>(sql)).map((r) => r.at).sort();
    expect(await at("SELECT file_name || ':' || line AS at FROM quarantine")).toEqual(planted("quarantined"));
    expect(await at(`SELECT m.file_name || ':' || w.line AS at FROM load_warnings w JOIN load_manifest m USING (file_id)
      WHERE w.reason = 'unknown_value'`)).toEqual(planted("warning"));
    const resent = results.find((r) => r.file === truth.resent_file.name)!;
    expect(resent).toMatchObject({ rowsRead: truth.resent_file.rows, loaded: 0, duplicates: truth.resent_file.rows });
  });

  it("keeps the anonymous share of receipts in the 25–40% a real chain shows", async () => {
    const { share } = await one("SELECT avg((NOT is_identified)::INT) AS share FROM fct_receipts WHERE NOT is_return");
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.4);
  });

  it("KPIs reconcile with fct_receipts: chain revenue, and members + anonymous = all", async () => {
    const { kpi, fct } = await one(`SELECT (SELECT sum(revenue) FROM mart_kpi WHERE grain = 'month' AND scope = 'chain' AND audience = 'all') AS kpi,
      (SELECT sum(net_amount) FROM fct_receipts) AS fct`);
    expect(kpi).toBeCloseTo(fct, 2);
    const { gap } = await one(`SELECT max(abs(a.revenue - coalesce(m.revenue, 0) - coalesce(n.revenue, 0))) AS gap FROM mart_kpi a
      LEFT JOIN mart_kpi m ON m.grain = a.grain AND m.period_start = a.period_start AND m.scope = a.scope AND m.scope_id = a.scope_id AND m.audience = 'members'
      LEFT JOIN mart_kpi n ON n.grain = a.grain AND n.period_start = a.period_start AND n.scope = a.scope AND n.scope_id = a.scope_id AND n.audience = 'anonymous'
      WHERE a.audience = 'all'`);
    expect(gap).toBeLessThan(1e-6);
    const { stores, chain } = await one(`SELECT (SELECT sum(revenue) FROM mart_kpi WHERE grain = 'day' AND scope = 'store' AND audience = 'all') AS stores,
      (SELECT sum(revenue) FROM mart_kpi WHERE grain = 'day' AND scope = 'chain' AND audience = 'all') AS chain`);
    expect(stores).toBeCloseTo(chain, 2);
  });

  it("decomposition effects sum to the revenue change of every month", async () => {
    const { worst, n } = await one(`SELECT max(abs(customers_effect + check_effect + visits_effect - (revenue - revenue_base)) / greatest(1, revenue)) AS worst,
      count(*)::INT AS n FROM mart_revenue_decomposition`);
    expect(n).toBeGreaterThan(20);
    expect(worst).toBeLessThan(1e-9);
  });

  it("lifecycle stages partition the member base, and RFM covers every buyer", async () => {
    const { staged, members, distinct_members } = await one(`SELECT (SELECT count(*) FROM mart_cvm_stage) AS staged,
      (SELECT count(*) FROM (SELECT customer_id FROM dim_customers UNION SELECT member_id FROM fct_receipts WHERE member_id IS NOT NULL)) AS members,
      (SELECT count(DISTINCT member_id) FROM mart_cvm_stage) AS distinct_members`);
    expect(staged).toBe(members);
    expect(distinct_members).toBe(members);
    const { rfm, buyers } = await one(`SELECT (SELECT count(*) FROM mart_rfm) AS rfm,
      (SELECT count(DISTINCT member_id) FROM fct_receipts WHERE is_identified AND NOT is_return) AS buyers`);
    expect(rfm).toBe(buyers);
    const { history } = await one(`SELECT max(abs(s - 1)) AS history FROM (SELECT as_of, sum(share) AS s FROM mart_cvm_history GROUP BY as_of)`);
    expect(history).toBeLessThan(1e-9);
  });

  it("fits BG/NBD and Gamma-Gamma, scores every buyer, and the lifecycle uses P(alive)", async () => {
    const params = await one<{ status: string; bgnbd_converged: boolean; holdout_status: string }>("SELECT status, bgnbd_converged, holdout_status FROM mart_clv_params");
    expect(params).toEqual({ status: "fitted", bgnbd_converged: true, holdout_status: "ok" });
    const { scored, buyers } = await one(`SELECT (SELECT count(*) FROM mart_clv) AS scored,
      (SELECT count(DISTINCT member_id) FROM fct_receipts WHERE is_identified AND NOT is_return) AS buyers`);
    expect(scored).toBe(buyers);
    const { wrong } = await one(`SELECT count(*) AS wrong FROM mart_cvm_stage
      WHERE purchase_days >= 2 AND ((stage = 'churned') <> (p_alive < 0.2))`);
    expect(wrong).toBe(0);
    const { holdout } = await one("SELECT count(*) AS holdout FROM mart_clv_holdout WHERE frequency_group = 'all' AND actual > 0 AND predicted > 0");
    expect(holdout).toBe(1);
  });

  it("recovers the messages the generator sent, channel by channel, and the rates it planted within sampling error", async () => {
    const rows = await wh.all<{ channel: string; sent: number; delivered: number; opened: number; clicked: number; cost: number }>(`
      SELECT channel, sum(sent)::INT AS sent, sum(delivered)::INT AS delivered, sum(opened)::INT AS opened, sum(clicked)::INT AS clicked,
        round(sum(cost), 2)::DOUBLE AS cost
      FROM mart_communications WHERE campaign_id = '(all)' GROUP BY channel ORDER BY channel`);
    expect(Object.fromEntries(rows.map(({ channel, ...counts }) => [channel, counts]))).toEqual(truth.counts.messages_by_channel);
    // the monthly rates, pooled: P(delivered), P(opened | delivered), P(clicked | delivered) = P(opened) × P(clicked | opened)
    for (const r of rows) {
      const planted = truth.rules.message_rates[r.channel];
      const near = (observed: number, p: number, n: number) => expect(Math.abs(observed - p), `${r.channel}: ${observed} against ${p} on ${n}`).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n) + 1e-9);
      near(r.delivered / r.sent, planted.delivered, r.sent);
      near(r.opened / r.delivered, planted.opened, r.delivered);
      near(r.clicked / r.delivered, planted.opened * planted.clicked, r.delivered);
    }
  });

  it("counts the members who paid with bonuses month by month as the generator made them", async () => {
    const got = await wh.all<{ month: string; active_members: number; bonus_payers: number }>(`SELECT strftime(period_start, '%Y-%m-%d') AS month,
      active_members::INT AS active_members, bonus_payers::INT AS bonus_payers FROM mart_bonus_use WHERE scope = 'chain' ORDER BY 1`);
    expect(got.map((r) => r.month)).toEqual(truth.counts.bonus_use_by_month.map((r) => r.month));
    // the planted bad receipts are quarantined: a month may miss as many members as it has bad receipt rows
    const badReceipts = truth.bad_rows.filter((b) => b.file.startsWith("receipts")).length;
    for (const [i, want] of truth.counts.bonus_use_by_month.entries()) {
      expect(Math.abs(got[i].active_members - want.active_members), want.month).toBeLessThanOrEqual(badReceipts);
      expect(Math.abs(got[i].bonus_payers - want.bonus_payers), want.month).toBeLessThanOrEqual(badReceipts);
    }
    const total = (rows: { bonus_payers: number }[]) => rows.reduce((n, r) => n + r.bonus_payers, 0);
    expect(total(got)).toBeGreaterThan(0);
  });

  it("recovers the tier moves the platform made, month by month, from the dated corrected profiles", async () => {
    const got = await wh.all<{ month: string; up: number; down: number }>(`SELECT strftime(period_start, '%Y-%m-%d') AS month,
      sum(arrived_up)::INT AS up, sum(arrived_down)::INT AS down FROM mart_tiers GROUP BY ALL HAVING up + down > 0 ORDER BY 1`);
    expect(got).toEqual(truth.profile_history.tier_moves_by_month.filter((m) => m.up + m.down > 0));
    // every member is in one tier at each month end, and no tier the levels do not rank appeared
    expect(await one(`SELECT sum(arrived_unranked)::INT AS unranked, count(DISTINCT period_start)::INT AS months FROM mart_tiers`)).toMatchObject({ unranked: 0 });
  });

  it("recovers the triggers of the last 30 days and the children's birthdays of the next week", async () => {
    const recent = truth.profile_history.last_30_days;
    expect(await one(`SELECT
        count(*) FILTER (WHERE days_since_tier_change < 30 AND last_tier_move = 'up')::INT AS tier_up,
        count(*) FILTER (WHERE days_since_tier_change < 30 AND last_tier_move = 'down')::INT AS tier_down,
        count(*) FILTER (WHERE days_since_consent_given < 30)::INT AS consent_given,
        count(*) FILTER (WHERE days_since_consent_withdrawn < 30)::INT AS consent_withdrawn,
        count(*) FILTER (WHERE days_since_profile_completed < 30 AND days_since_profile_completed < days_since_registration)::INT AS profile_completed,
        count(*) FILTER (WHERE days_to_child_birthday <= 7)::INT AS child_birthdays
      FROM mart_customer_features`)).toEqual({ ...recent, child_birthdays: truth.profile_history.members_with_child_birthday_within_7_days });
    expect(await one(`SELECT count(*)::INT AS n FROM dim_children`)).toEqual({ n: truth.profile_history.children });
    expect(await one(`SELECT count(*) FILTER (WHERE dated_by = 'load')::INT AS n FROM fct_profile_changes`)).toEqual({ n: 0 });
  });

  it("runs every shipped segment: members are target + control, the target is reached by a channel or not at all", async () => {
    expect(segmentRuns.length).toBeGreaterThanOrEqual(6);
    expect(segmentRuns.filter((r) => r.members > 0).length, "non-empty segments").toBeGreaterThanOrEqual(3);
    for (const r of segmentRuns) {
      expect(r.targetMembers + r.controlMembers, r.segment).toBe(r.members);
      expect(r.reach.push + r.reach.messenger + r.reach.email + r.reach.sms + r.unreachable, r.segment).toBe(r.targetMembers);
      expect(r, r.segment).toMatchObject({ previousRunId: null, entered: r.members, exited: 0 });
    }
    const { runs, members } = await one("SELECT (SELECT count(*) FROM segment_runs) AS runs, (SELECT count(*) FROM segment_members) AS members");
    expect(runs).toBe(segmentRuns.length);
    expect(members).toBe(segmentRuns.reduce((s, r) => s + r.members, 0));
  });

  it("publishes a snapshot that readers get the same revenue from", async () => {
    const snapshot = openSnapshot(chain.snapshotDir);
    const { published, live } = await one(`SELECT (SELECT sum(revenue) FROM ${snapshot.scan("mart_kpi")} WHERE grain = 'month' AND scope = 'chain' AND audience = 'all') AS published,
      (SELECT sum(revenue) FROM mart_kpi WHERE grain = 'month' AND scope = 'chain' AND audience = 'all') AS live`);
    expect(published).toBeCloseTo(live, 6);
  });

  it("publishes the segment runs, and the Segments report gives their figures and composition as counts only", async () => {
    const report = await querySnapshot(chain.snapshotDir, segmentsReport);
    expect(report.status).toBe("ok");
    expect(report.runs).toHaveLength(segmentRuns.length);
    for (const run of segmentRuns) {
      const shown = report.latest.find((r) => r.segment === run.segment)!;
      expect(shown, run.segment).toMatchObject({
        run_id: run.runId, as_of: run.asOf, members: run.members, target_members: run.targetMembers, control_members: run.controlMembers,
        reach_push: run.reach.push, reach_messenger: run.reach.messenger, reach_email: run.reach.email, reach_sms: run.reach.sms,
        unreachable: run.unreachable, entered: run.entered, exited: run.exited,
      });
      expect(shown.estimated_cost).toBeCloseTo(run.estimatedCost, 2);
      for (const dimension of ["cvm_stage", "rfm_segment"]) {
        const rows = report.composition.filter((c) => c.segment === run.segment && c.dimension === dimension);
        expect(rows.reduce((s, c) => s + c.members, 0), `${run.segment} by ${dimension}`).toBe(run.members);
      }
    }
    // no member-level value leaves the report: no customer id or card number of any run
    const text = JSON.stringify(report);
    const ids = await wh.all<{ id: string }>("SELECT DISTINCT customer_id AS id FROM segment_members UNION SELECT DISTINCT card_number FROM segment_members WHERE card_number IS NOT NULL");
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter(({ id }) => text.includes(id))).toEqual([]);
    expect(text).not.toMatch(/customer_id|card_number|member_id/);
  });
});
