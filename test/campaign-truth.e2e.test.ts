/**
 * The sample chain's campaigns have known true effects (in _truth.json): the campaign results must
 * recover each within its confidence interval, and call the campaign with no effect not significant.
 * The chain is the embedded demo's (the configured sample: 20,000 customers, 12 stores, two years,
 * seed 42; receipt lines left out, they play no part), whose control groups are large enough to mean
 * something. A 95% interval misses the truth one time in twenty; this is one fixed realisation.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestPlan, planIngest } from "../ingest/ingest-paths.js";
import { generateSampleChain } from "../ingest/sample-chain/generate-sample-chain.js";
import { buildModels, defaultAsOf, selectModels } from "../models/build-models.js";
import { MODELS } from "../models/registry.js";
import { parseConfig } from "../src/config/config.js";
import { ensureSchema } from "../src/db/ensure-schema.js";
import { Warehouse } from "../src/db/warehouse.js";

interface TruthCampaign {
  campaign_id: string;
  members: { target: number; control: number };
  true_effect: { response_lift: number };
}

const dir = mkdtempSync(join(tmpdir(), "loyalty-campaigns-"));
let wh: Warehouse;
let campaigns: TruthCampaign[];

beforeAll(async () => {
  const sample = parseConfig({}).sample;
  const chain = await generateSampleChain({ ...sample, out: join(dir, "chain"), lines: false });
  campaigns = JSON.parse(readFileSync(chain.truthFile, "utf8")).campaigns;
  wh = await Warehouse.open(":memory:");
  await ensureSchema(wh);
  await ingestPlan(wh, await planIngest([join(dir, "chain")], {}), {});
  await buildModels(wh, selectModels(MODELS, "+mart_campaign_results"), { asOf: await defaultAsOf(wh), params: parseConfig({}).models });
}, 180_000);

afterAll(async () => {
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("campaign results on the sample chain's campaigns", () => {
  it("recovers each known true response lift within its 95% interval, and finds no effect where there is none", async () => {
    expect(campaigns).toHaveLength(4);
    for (const c of campaigns) {
      const r = await wh.one<{ low: number; high: number; significant: boolean; target: number; control: number }>(
        `SELECT response_uplift_low AS low, response_uplift_high AS high, response_significant AS significant,
           target_members AS target, control_members AS control FROM mart_campaign_results WHERE campaign_id = '${c.campaign_id}'`,
      );
      expect({ id: c.campaign_id, target: r.target, control: r.control }).toEqual({ id: c.campaign_id, ...c.members });
      expect(c.true_effect.response_lift, c.campaign_id).toBeGreaterThanOrEqual(r.low);
      expect(c.true_effect.response_lift, c.campaign_id).toBeLessThanOrEqual(r.high);
      if (c.true_effect.response_lift === 0) expect(r.significant, c.campaign_id).toBe(false);
    }
    expect(campaigns.filter((c) => c.true_effect.response_lift === 0)).toHaveLength(1);
  });

  it("finds the win-back effect (+8 points) significant", async () => {
    const winback = await wh.one<{ significant: boolean; reactivated: number }>(
      "SELECT response_significant AS significant, reactivated_share AS reactivated FROM mart_campaign_results WHERE mechanic = 'winback_gift'",
    );
    expect(winback.significant).toBe(true);
    expect(winback.reactivated).toBeGreaterThan(0.08);
  });
});
