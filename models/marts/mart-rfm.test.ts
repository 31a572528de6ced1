import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/config.js";
import { seed } from "../../test/helpers/seed-staging.js";
import { tempWarehouse } from "../../test/helpers/temp-warehouse.js";
import { buildModels, selectModels } from "../build-models.js";
import { MODELS } from "../registry.js";

let t: Awaited<ReturnType<typeof tempWarehouse>>;

/**
 * Ten members: member i made i purchases of 100 ₽, the last one 10·i days before 2026-10-31.
 * Type-7 quantiles at 20/40/60/80% of 1..10 are 2.8, 4.6, 6.4, 8.2, so the rfm package's breaks
 * (quantile + 1) are: frequency 3.8, 5.6, 7.4, 9.2; monetary 281, 461, 641, 821; recency 29, 47, 65, 83.
 */
async function seedTenMembers(): Promise<void> {
  await seed(t.wh, "stg_stores", [{ store_id: "S1", name: "a", city: "Москва" }]);
  const receipts = [];
  for (let i = 1; i <= 10; i++) {
    await seed(t.wh, "stg_cards", [{ card_number: `K${i}`, customer_id: `C${i}`, issued_at: "2025-01-01" }]);
    for (let k = 0; k < i; k++) {
      const day = new Date(Date.UTC(2026, 9, 31 - 10 * i - k)).toISOString().slice(0, 10);
      receipts.push({ store_id: "S1", receipt_id: `R${i}-${k}`, receipt_at: `${day} 12:00`, card_number: `K${i}`, total: 100, is_return: false });
    }
  }
  await seed(t.wh, "stg_receipts", receipts);
}

beforeEach(async () => {
  t = await tempWarehouse();
  await seedTenMembers();
});
afterEach(() => t.cleanup());

async function build(config: object = {}) {
  await buildModels(t.wh, selectModels(MODELS, "+mart_rfm_segments"), { asOf: "2026-10-31", params: parseConfig(config).models });
}

describe("mart_rfm", () => {
  it("scores with the R package rfm's quantile rule, worked out by hand", async () => {
    await build();
    const rows = await t.wh.all("SELECT member_id, recency_days, frequency, monetary, recency_score AS r, frequency_score AS f, monetary_score AS m, segment FROM mart_rfm ORDER BY frequency");
    expect(rows.map((x) => [x.member_id, x.recency_days, x.frequency, x.monetary, x.r, x.f, x.m, x.segment])).toEqual([
      ["C1", 10, 1, 100, 5, 1, 1, "New Customers"],
      ["C2", 20, 2, 200, 5, 1, 1, "New Customers"],
      ["C3", 30, 3, 300, 4, 1, 2, "New Customers"],
      ["C4", 40, 4, 400, 4, 2, 2, "Loyal Customers"],
      ["C5", 50, 5, 500, 3, 2, 3, "Loyal Customers"],
      ["C6", 60, 6, 600, 3, 3, 3, "Potential Loyalist"],
      ["C7", 70, 7, 700, 2, 3, 4, "Loyal Customers"],
      ["C8", 80, 8, 800, 2, 4, 4, "Loyal Customers"],
      ["C9", 90, 9, 900, 1, 4, 5, "Can't Lose Them"],
      ["C10", 100, 10, 1000, 1, 5, 5, "At Risk"],
    ]);
  });

  it("summarises segments: size, revenue share, average check", async () => {
    await build();
    expect(await t.wh.all("SELECT segment, members, member_share, revenue, revenue_share, receipts, avg_check FROM mart_rfm_segments ORDER BY members DESC, segment")).toEqual([
      { segment: "Loyal Customers", members: 4, member_share: 0.4, revenue: 2400, revenue_share: 2400 / 5500, receipts: 24, avg_check: 100 },
      { segment: "New Customers", members: 3, member_share: 0.3, revenue: 600, revenue_share: 600 / 5500, receipts: 6, avg_check: 100 },
      { segment: "At Risk", members: 1, member_share: 0.1, revenue: 1000, revenue_share: 1000 / 5500, receipts: 10, avg_check: 100 },
      { segment: "Can't Lose Them", members: 1, member_share: 0.1, revenue: 900, revenue_share: 900 / 5500, receipts: 9, avg_check: 100 },
      { segment: "Potential Loyalist", members: 1, member_share: 0.1, revenue: 600, revenue_share: 600 / 5500, receipts: 6, avg_check: 100 },
    ]);
  });

  it("uses the project's own segment map when the config names it", async () => {
    await build({ models: { rfm: { segmentMap: "loyalty-warehouse" } } });
    const rows = await t.wh.all<{ segment: string }>("SELECT segment FROM mart_rfm ORDER BY frequency");
    // Scores as above; New Customers is r 4–5 f 1 m 1, Potential Loyalist r 3–5 f 1–3 m 1–3, Loyal r 2–5 f 3–5 m 3–5.
    expect(rows.map((x) => x.segment)).toEqual([
      "New Customers", "New Customers", "Potential Loyalist", "Potential Loyalist", "Potential Loyalist",
      "Loyal Customers", "Loyal Customers", "Loyal Customers", "Can't Lose Them", "Can't Lose Them",
    ]);
  });

  it("uses breaks given in the config as they are", async () => {
    await build({ models: { rfm: { breaks: { frequency: [2, 4, 6, 8] } } } });
    const f = await t.wh.all("SELECT frequency, frequency_score AS s FROM mart_rfm ORDER BY frequency");
    expect(f.map((x) => x.s)).toEqual([1, 2, 2, 3, 3, 4, 4, 5, 5, 5]);
  });

  it("names the bad key of a segment map", async () => {
    const bad = `${t.dir}/map.json`;
    const { writeFileSync } = await import("node:fs");
    writeFileSync(bad, JSON.stringify({ version: 2, segments: [{ name: "X", recency: [5, 1], frequency: [1, 5], monetary: [1, 5] }] }));
    await expect(build({ models: { rfm: { segmentMap: bad } } })).rejects.toThrow(/map\.json: "segments\.0\.recency" lower bound above upper/);
  });
});
