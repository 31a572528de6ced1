/**
 * Runs a segment: evaluates its definition over the marts, draws the control group, picks each
 * member's channel, attaches the offer, and (for a real run, not a preview) keeps the member list
 * as a snapshot with the diff against the previous run: who entered, who exited.
 */
import { createHash } from "node:crypto";
import type { SegmentSettings } from "../src/config/segment-settings.js";
import { sql, type Insertable } from "kysely";
import { db, nextId, sqlText } from "../src/db/query-builder.js";
import { segmentRuns, type SegmentMembersTable, type SegmentRunsTable } from "../src/db/tables/segment-tables.js";
import type { Warehouse } from "../src/db/warehouse.js";
import { assertFeaturesBuilt, featuresAsOf, featuresBuild } from "./customer-features.js";
import { channelCascadeSql, DEFAULT_CHANNEL_PRIORITY, type Channel } from "./channel-cascade.js";
import { compileSegment } from "./compile-segment.js";
import { controlFlagSql } from "./control-group.js";
import type { SegmentDefinition } from "./segment-definition.js";
import { ensureSegmentTables, latestRun, pruneRunMembers } from "./segment-store.js";

/** The evaluated members of a run live in this temp table until they are kept or dropped. */
const EVALUATED = "segment_evaluated";
/** The evaluated members as typed queries see them: a member row without its run, and what the summary reads. */
const evaluatedDb = db.withTables<{
  [EVALUATED]: Omit<SegmentMembersTable, "run_id"> & { expected_purchases_30d: number | null; as_of: Date };
}>();
/** Without an offer, the expected response is counted over a week. */
const DEFAULT_RESPONSE_DAYS = 7;

export interface SegmentSummary {
  segment: string;
  asOf: string;
  members: number;
  controlMembers: number;
  targetMembers: number;
  reach: Record<Channel, number>;
  unreachable: number;
  estimatedCost: number;
  expectedResponseRate: number | null;
}

export interface SegmentRun extends SegmentSummary {
  runId: number;
  previousRunId: number | null;
  entered: number;
  exited: number;
}

/**
 * Evaluates a definition into the temp table and summarises it; nothing is kept. A member who was
 * in the segment's previous run, in the same arm with the same offer, keeps that offer's window
 * while it is valid, so staying in a segment neither restarts the offer nor makes the member look
 * changed to the destinations.
 */
export async function evaluateSegment(wh: Warehouse, definition: SegmentDefinition, settings: SegmentSettings): Promise<SegmentSummary> {
  await assertFeaturesBuilt(wh);
  await ensureSegmentTables(wh);
  const compiled = compileSegment(definition);
  const p = (i: number) => `$${compiled.params.length + i}`;
  const [campaign, share, code, text, validDays] = [1, 2, 3, 4, 5].map(p);
  const priority = definition.channels ?? DEFAULT_CHANNEL_PRIORITY;
  await wh.exec(`DROP TABLE IF EXISTS ${EVALUATED}`);
  await wh.exec(
    `CREATE TEMP TABLE ${EVALUATED} AS
     WITH members AS (
       SELECT f.customer_id, f.card_number, ${controlFlagSql(campaign, "f.customer_id", share)} AS is_control,
         ${channelCascadeSql(priority)} AS channel, f.expected_purchases_30d, f.as_of
       FROM (${compiled.sql}) f
     )
     SELECT m.customer_id, m.card_number, m.is_control, m.channel,
       ${code}::VARCHAR AS offer_code, ${text}::VARCHAR AS offer_text,
       CASE WHEN ${code} IS NOT NULL THEN coalesce(prev.valid_from, m.as_of + 1) END AS valid_from,
       CASE WHEN ${code} IS NOT NULL THEN coalesce(prev.valid_to, m.as_of + ${validDays}::INT) END AS valid_to,
       m.expected_purchases_30d, m.as_of
     FROM members m
     LEFT JOIN (${sqlText(previousMembers(definition.name))}) prev ON prev.customer_id = m.customer_id AND prev.offer_code = ${code} AND prev.is_control = m.is_control AND prev.valid_to > m.as_of`,
    [
      ...compiled.params,
      definition.campaign ?? definition.name,
      controlShareOf(definition, settings),
      definition.offer?.code ?? null,
      definition.offer?.text ?? null,
      offerDays(definition),
    ],
  );
  return summarise(wh, definition, settings);
}

/** The members of the segment's latest run, with their offers (typed; the evaluation around it is the compiled segment's SQL). */
function previousMembers(segment: string) {
  const latest = db.selectFrom("segment_runs").select((eb) => eb.fn.max("run_id").as("run_id")).where("segment", "=", sql.lit(segment));
  return db.selectFrom("segment_members")
    .select(["customer_id", "offer_code", "is_control", "valid_from", "valid_to"])
    .where("run_id", "=", latest);
}

/** Evaluates a segment and keeps the run: its members, summary and the diff against the last run. */
export async function runSegment(wh: Warehouse, definition: SegmentDefinition, settings: SegmentSettings): Promise<SegmentRun> {
  const summary = await evaluateSegment(wh, definition, settings);
  return wh.transaction(async () => {
    const previous = await latestRun(wh, definition.name);
    const runId = await nextId(wh, segmentRuns);
    await wh.execute(
      db.insertInto("segment_members")
        .columns(["run_id", "customer_id", "card_number", "is_control", "channel", "offer_code", "offer_text", "valid_from", "valid_to"])
        .expression(
          evaluatedDb.selectFrom(EVALUATED)
            .select((eb) => [eb.val(runId).as("run_id"), "customer_id", "card_number", "is_control", "channel", "offer_code", "offer_text", "valid_from", "valid_to"]),
        ),
    );
    const diff = previous ? await diffRuns(wh, previous.run_id, runId) : { entered: summary.members, exited: 0 };
    const row: Insertable<SegmentRunsTable> = {
      run_id: runId,
      segment: definition.name,
      title: definition.title,
      campaign_id: definition.campaign ?? definition.name,
      definition_sha256: runIdentity(definition, settings, await featuresBuild(wh)),
      as_of: summary.asOf,
      ran_at: new Date(),
      control_share: controlShareOf(definition, settings),
      members: summary.members,
      control_members: summary.controlMembers,
      target_members: summary.targetMembers,
      reach_push: summary.reach.push,
      reach_messenger: summary.reach.messenger,
      reach_email: summary.reach.email,
      reach_sms: summary.reach.sms,
      unreachable: summary.unreachable,
      estimated_cost: summary.estimatedCost,
      expected_response_rate: summary.expectedResponseRate,
      previous_run_id: previous?.run_id ?? null,
      entered: diff.entered,
      exited: diff.exited,
    };
    await wh.insert("segment_runs", [row]);
    await pruneRunMembers(wh, definition.name, settings.keepRuns);
    return { ...summary, runId, previousRunId: previous?.run_id ?? null, ...diff };
  });
}

/**
 * The run to export or send: the latest one if it was made from the same definition and settings on
 * the latest build of the features, otherwise a new run.
 */
export async function currentRun(wh: Warehouse, definition: SegmentDefinition, settings: SegmentSettings): Promise<{ runId: number; fresh: boolean }> {
  await ensureSegmentTables(wh);
  const latest = await latestRun(wh, definition.name);
  const same = latest && latest.definition_sha256 === runIdentity(definition, settings, await featuresBuild(wh));
  if (same) return { runId: latest.run_id, fresh: false };
  return { runId: (await runSegment(wh, definition, settings)).runId, fresh: true };
}

export async function diffRuns(wh: Warehouse, fromRun: number, toRun: number): Promise<{ entered: number; exited: number }> {
  const membersOf = (runId: number) => db.selectFrom("segment_members").select("customer_id").where("run_id", "=", runId);
  const [diff] = await wh.query(
    db.selectFrom(membersOf(fromRun).as("a"))
      .fullJoin(membersOf(toRun).as("b"), "b.customer_id", "a.customer_id")
      .select((eb) => [
        eb.fn.countAll<number>().filterWhere("a.customer_id", "is", null).as("entered"),
        eb.fn.countAll<number>().filterWhere("b.customer_id", "is", null).as("exited"),
      ]),
  );
  return diff;
}

/** Members of the run just evaluated, for a preview (no contacts). */
export async function evaluatedMembers(wh: Warehouse, limit: number): Promise<Record<string, unknown>[]> {
  return wh.all(`SELECT * EXCLUDE (expected_purchases_30d, as_of) FROM ${EVALUATED} ORDER BY customer_id LIMIT $1`, [limit]);
}

async function summarise(wh: Warehouse, definition: SegmentDefinition, settings: SegmentSettings): Promise<SegmentSummary> {
  const prices = settings.channelPrices;
  const validDays = offerDays(definition);
  // Buying at least once in the window, with expected purchases E as a Poisson mean: 1 − e^(−E).
  const row = await wh.one<Record<string, number | null> & { as_of: string | null }>(
    `SELECT strftime(max(as_of), '%Y-%m-%d') AS as_of, count(*)::BIGINT AS members, count(*) FILTER (WHERE is_control)::BIGINT AS control_members,
       count(*) FILTER (WHERE NOT is_control AND channel = 'push')::BIGINT AS push,
       count(*) FILTER (WHERE NOT is_control AND channel = 'messenger')::BIGINT AS messenger,
       count(*) FILTER (WHERE NOT is_control AND channel = 'email')::BIGINT AS email,
       count(*) FILTER (WHERE NOT is_control AND channel = 'sms')::BIGINT AS sms,
       count(*) FILTER (WHERE NOT is_control AND channel IS NULL)::BIGINT AS unreachable,
       avg(1 - exp(-expected_purchases_30d * $1 / 30.0)) FILTER (WHERE NOT is_control) AS expected_response_rate
     FROM ${EVALUATED}`,
    [validDays],
  );
  const reach = { push: row.push ?? 0, messenger: row.messenger ?? 0, email: row.email ?? 0, sms: row.sms ?? 0 };
  const members = row.members ?? 0;
  const controlMembers = row.control_members ?? 0;
  return {
    segment: definition.name,
    asOf: row.as_of ?? (await featuresAsOf(wh)),
    members,
    controlMembers,
    targetMembers: members - controlMembers,
    reach,
    unreachable: row.unreachable ?? 0,
    estimatedCost: (Object.keys(reach) as Channel[]).reduce((sum, ch) => sum + reach[ch] * prices[ch], 0),
    expectedResponseRate: row.expected_response_rate,
  };
}

/**
 * What a run was made from: the definition, the settings that shape it, and the features build it
 * read. A run with the same identity as the latest one would be the same run.
 */
function runIdentity(definition: SegmentDefinition, settings: SegmentSettings, build: string): string {
  return createHash("sha256").update(JSON.stringify({ definition, controlShare: controlShareOf(definition, settings), build })).digest("hex");
}

function controlShareOf(definition: SegmentDefinition, settings: SegmentSettings): number {
  return definition.controlShare ?? settings.defaultControlShare;
}

/** The offer's validity, which is also the window the expected response is counted over. */
function offerDays(definition: SegmentDefinition): number {
  return definition.offer?.validDays ?? DEFAULT_RESPONSE_DAYS;
}
