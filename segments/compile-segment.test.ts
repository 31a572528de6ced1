import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildModels, selectModels } from "../models/build-models.js";
import { MODELS } from "../models/registry.js";
import { parseConfig } from "../src/config/config.js";
import { ConfigError } from "../src/errors.js";
import { seedTinyChain } from "../test/fixtures/tiny-chain.js";
import { EVIL_CATEGORY, FEATURE_COLUMNS, member, MEMBERS, seedSegmentMembers, createFeaturesTable } from "../test/fixtures/segment-members.js";
import { tempWarehouse } from "../test/helpers/temp-warehouse.js";
import { compileSegment } from "./compile-segment.js";
import { isControl } from "./control-group.js";
import { loadAllSegments, parseSegmentDefinition } from "./load-segments.js";
import { evaluateSegment, runSegment } from "./run-segment.js";
import type { SegmentDefinition } from "./segment-definition.js";
import { diffMembers } from "./segment-store.js";

type Warehouse = Awaited<ReturnType<typeof tempWarehouse>>["wh"];

const settings = parseConfig({}).segments;
const ALL = MEMBERS.map((m) => m.customer_id as string);
const except = (...ids: string[]) => ALL.filter((id) => !ids.includes(id));

function definition(where: unknown, extra: Record<string, unknown> = {}): SegmentDefinition {
  return parseSegmentDefinition({ name: "test-segment", title: "Test", where, ...extra }, "test");
}

async function evaluatedIds(wh: Warehouse, def: SegmentDefinition): Promise<string[]> {
  await evaluateSegment(wh, def, settings);
  return (await wh.all<{ customer_id: string }>("SELECT customer_id FROM segment_evaluated ORDER BY customer_id")).map((r) => r.customer_id);
}

/** The hand-made fixture (test/fixtures/segment-members.ts), shared by the read-only tests. */
let t: Awaited<ReturnType<typeof tempWarehouse>>;
const ids = (where: unknown, extra: Record<string, unknown> = {}) => evaluatedIds(t.wh, definition(where, extra));

beforeAll(async () => {
  t = await tempWarehouse();
  await seedSegmentMembers(t.wh);
});
afterAll(() => t.cleanup());

describe("the hand-made features table", () => {
  it("has exactly the columns and types of the real mart_customer_features", async () => {
    const real = await tempWarehouse();
    try {
      await seedTinyChain(real.wh);
      await buildModels(real.wh, selectModels(MODELS, "+mart_customer_features"), { asOf: "2026-10-31", params: parseConfig({}).models });
      const columns = await real.wh.all<{ column_name: string; column_type: string }>("DESCRIBE mart_customer_features");
      expect(Object.fromEntries(columns.map((c) => [c.column_name, c.column_type]))).toEqual(FEATURE_COLUMNS);
      expect(columns.map((c) => c.column_name)).toEqual(Object.keys(FEATURE_COLUMNS));
    } finally {
      await real.cleanup();
    }
  });
});

describe("the shipped definitions", () => {
  /**
   * Members per definition, from the fixture's comments; the control arm is md5("<name>:<id>")'s
   * first 8 hex digits / 2^32 < 0.1: birthday-in-5-days:M01 → 018b65f9 (0.006) and
   * loyal-referral:M02 → 12b9b8fd (0.073) are control; every other pair is ≥ 0.27.
   * Channels follow each definition's priority (default push, messenger, email, sms):
   *   M01 push (consent + app); M02 messenger (push consent but no app); M03 sms (push without app,
   *   e-mail consent without an address); M09 email (SMS consent without a phone); M12 sms.
   * Offers run from the day after the as-of date (2026-11-01) for validDays days.
   */
  const EXPECTED: Record<string, { members: [string, boolean, string | null][]; code: string; validTo: string }> = {
    "birthday-in-5-days": { members: [["M01", true, "push"]], code: "BDAY2X", validTo: "2026-11-12" },
    "child-birthday-in-7-days": { members: [["M20", false, null]], code: "KIDS7", validTo: "2026-11-14" },
    "close-to-next-tier": { members: [["M20", false, null]], code: "NEXTTIER", validTo: "2026-11-14" },
    "loyal-referral": { members: [["M01", false, "push"], ["M02", true, "messenger"]], code: "FRIEND500", validTo: "2026-11-30" },
    "micro-check-1000-1200": { members: [["M01", false, "push"], ["M03", false, "sms"]], code: "CB1500", validTo: "2026-11-05" },
    "pre-churn-expiring-bonuses": { members: [["M05", false, null], ["M08", false, null]], code: "KEEPBONUS", validTo: "2026-11-30" },
    "tier-up-congratulations": { members: [["M17", false, "push"]], code: "TIERUP", validTo: "2026-11-14" },
    "welcome-no-second-purchase": { members: [["M13", false, null], ["M15", false, null]], code: "WELCOME2", validTo: "2026-11-14" },
    "win-back": { members: [["M09", false, "email"], ["M12", false, "sms"]], code: "COMEBACK300", validTo: "2026-11-14" },
  };

  let definitions: SegmentDefinition[];
  beforeAll(async () => {
    definitions = await loadAllSegments("segments/definitions");
  });

  it("are the nine files of segments/definitions", () => {
    expect(definitions.map((d) => d.name)).toEqual(Object.keys(EXPECTED));
  });

  for (const name of Object.keys(EXPECTED)) {
    it(`${name} selects exactly its members, with control arm, channel and offer`, async () => {
      const def = definitions.find((d) => d.name === name)!;
      await evaluateSegment(t.wh, def, settings);
      const rows = await t.wh.all<{ customer_id: string; card_number: string; is_control: boolean; channel: string | null; offer_code: string; valid_from: string; valid_to: string }>(
        "SELECT customer_id, card_number, is_control, channel, offer_code, valid_from::VARCHAR AS valid_from, valid_to::VARCHAR AS valid_to FROM segment_evaluated ORDER BY customer_id",
      );
      const e = EXPECTED[name];
      expect(rows.map((r) => [r.customer_id, r.is_control, r.channel])).toEqual(e.members);
      for (const r of rows) {
        expect(r).toMatchObject({ card_number: `K-${r.customer_id}`, offer_code: e.code, valid_from: "2026-11-01", valid_to: e.validTo });
        expect(r.is_control).toBe(isControl(def.campaign ?? def.name, r.customer_id, def.controlShare ?? settings.defaultControlShare));
      }
    });
  }

  it("summarise reach, cost and expected response by hand", async () => {
    const summary = async (name: string) => evaluateSegment(t.wh, definitions.find((d) => d.name === name)!, settings);
    // M01 is the control arm: nobody to send to, no response to expect
    expect(await summary("birthday-in-5-days")).toEqual({
      segment: "birthday-in-5-days", asOf: "2026-10-31", members: 1, controlMembers: 1, targetMembers: 0,
      reach: { push: 0, messenger: 0, email: 0, sms: 0 }, unreachable: 0, estimatedCost: 0, expectedResponseRate: null,
    });
    // M09 by e-mail (0.1), M12 by SMS (3); each expects 0.3 purchases in 30 days: 1 − e^(−0.3 · 14 / 30)
    const winBack = await summary("win-back");
    expect(winBack).toMatchObject({ members: 2, controlMembers: 0, targetMembers: 2, reach: { push: 0, messenger: 0, email: 1, sms: 1 }, unreachable: 0 });
    expect(winBack.estimatedCost).toBeCloseTo(3.1, 10);
    expect(winBack.expectedResponseRate).toBeCloseTo(1 - Math.exp(-0.14), 12);
    // M13 and M15 are reachable on no channel; M15 never bought (no expected purchases): the rate is M13's
    const welcome = await summary("welcome-no-second-purchase");
    expect(welcome).toMatchObject({ members: 2, targetMembers: 2, unreachable: 2, estimatedCost: 0 });
    expect(welcome.expectedResponseRate).toBeCloseTo(1 - Math.exp(-0.14), 12);
    // micro-check: M01 by push (0), M03 by SMS (3); validity 5 days
    const micro = await summary("micro-check-1000-1200");
    expect(micro).toMatchObject({ reach: { push: 1, messenger: 0, email: 0, sms: 1 }, estimatedCost: 3 });
    expect(micro.expectedResponseRate).toBeCloseTo(1 - Math.exp(-0.05), 12);
  });
});

/**
 * Windows as of 2026-10-31 ("last N days" = receipt dates after as-of − N, up to the as-of date;
 * "next N days" = expiry dates after the as-of date, up to as-of + N). From the fixture:
 *   M01 purchases: 30 days R101 (10-31) + R102 (10-02) = 2; 31 days + R103 (10-01) = 3; 1 day R101 = 1
 *       spend: 30 days 500 + 300 − 100 (return R104) = 700; 31 days 1700
 *       Молочное: 30 days 150 + 50 + 100 − 100 = 200 over 2 receipts; 31 days 1200 over 3
 *       Хлеб 300 (1 receipt); Чай 200 on 10-02 (29 days back: out of a 29-day window)
 *   M02 purchases 1 (R201 10-20; R202 is after the as-of date), spend 210, Хлеб 200
 *   The anonymous R301 and the unknown card's R401 belong to no member.
 *   Expiring in 30 days: M05 min(50, 30 + 40) = 50, M06 5, M07 min(0, 10) = 0, M08 25;
 *   in 31 days M06 5 + 20 = 25; in 1 day M08 only.
 */
describe("window fields", () => {
  it("purchases: the window ends on the as-of date and starts N − 1 days before", async () => {
    expect(await ids({ field: "purchases", lastDays: 30, gte: 1 })).toEqual(["M01", "M02"]);
    expect(await ids({ field: "purchases", lastDays: 30, eq: 2 })).toEqual(["M01"]);
    expect(await ids({ field: "purchases", lastDays: 31, eq: 3 })).toEqual(["M01"]);
    expect(await ids({ field: "purchases", lastDays: 1, gte: 1 })).toEqual(["M01"]);
    // members without receipts in the window have 0, not a missing value
    expect(await ids({ field: "purchases", lastDays: 30, eq: 0 })).toEqual(except("M01", "M02"));
  });

  it("spend: net of returns", async () => {
    expect(await ids({ field: "spend", lastDays: 30, eq: 700 })).toEqual(["M01"]);
    expect(await ids({ field: "spend", lastDays: 30, eq: 210 })).toEqual(["M02"]);
    expect(await ids({ field: "spend", lastDays: 31, eq: 1700 })).toEqual(["M01"]);
    expect(await ids({ field: "spend", lastDays: 30, gt: 0 })).toEqual(["M01", "M02"]);
  });

  it("category_spend and category_visits", async () => {
    expect(await ids({ field: "category_spend", category: "Молочное", lastDays: 30, eq: 200 })).toEqual(["M01"]);
    expect(await ids({ field: "category_spend", category: "Молочное", lastDays: 31, eq: 1200 })).toEqual(["M01"]);
    expect(await ids({ field: "category_spend", category: "Хлеб", lastDays: 30, gt: 0 })).toEqual(["M01", "M02"]);
    expect(await ids({ field: "category_spend", category: "Хлеб", lastDays: 30, eq: 300 })).toEqual(["M01"]);
    // two milk lines on one receipt are one visit; the return is not a visit
    expect(await ids({ field: "category_visits", category: "Молочное", lastDays: 30, eq: 2 })).toEqual(["M01"]);
    expect(await ids({ field: "category_visits", category: "Молочное", lastDays: 31, eq: 3 })).toEqual(["M01"]);
    expect(await ids({ field: "category_visits", category: "Чай", lastDays: 30, eq: 1 })).toEqual(["M01"]);
    expect(await ids({ field: "category_visits", category: "Чай", lastDays: 29, gte: 1 })).toEqual([]);
    expect(await ids({ field: "category_visits", category: "Хлеб", lastDays: 30, gte: 1 })).toEqual(["M01", "M02"]);
  });

  it("expiring_bonuses: accruals expiring after the as-of date up to N days ahead, at most the balance", async () => {
    expect(await ids({ field: "expiring_bonuses", nextDays: 30, gt: 0 })).toEqual(["M05", "M06", "M08"]);
    expect(await ids({ field: "expiring_bonuses", nextDays: 30, eq: 50 })).toEqual(["M05"]);
    expect(await ids({ field: "expiring_bonuses", nextDays: 30, eq: 5 })).toEqual(["M06"]);
    expect(await ids({ field: "expiring_bonuses", nextDays: 30, eq: 25 })).toEqual(["M08"]);
    expect(await ids({ field: "expiring_bonuses", nextDays: 31, eq: 25 })).toEqual(["M06", "M08"]);
    expect(await ids({ field: "expiring_bonuses", nextDays: 1, gt: 0 })).toEqual(["M08"]);
  });

  it("several windows in one definition each get their own parameters", async () => {
    const where = { all: [{ field: "purchases", lastDays: 30, gte: 1 }, { field: "category_spend", category: "Хлеб", lastDays: 30, gte: 250 }, { field: "spend", lastDays: 31, gt: 1000 }] };
    expect(await ids(where)).toEqual(["M01"]);
    const compiled = compileSegment(definition(where));
    expect(compiled.params).toEqual([30, 1, 30, "Хлеб", 250, 31, 1000]);
    expect(compiled.sql).toContain("LEFT JOIN w3 ON w3.customer_id = f.customer_id");
  });
});

describe("two-valued logic: a comparison with a missing value is false", () => {
  // p_alive is null for M03, M04, M14, M15; gender null for M03, M15; city null for M03
  it("`not` includes the members whose value is missing", async () => {
    expect(await ids({ not: { field: "p_alive", gte: 0.9 } })).toEqual(except("M02"));
    expect(await ids({ field: "p_alive", gte: 0.9 })).toEqual(["M02"]);
  });

  it("`any` is true only on a real match", async () => {
    expect(await ids({ any: [{ field: "p_alive", gte: 0.9 }, { field: "city", eq: "Казань" }] })).toEqual(["M02"]);
    // p_alive < 0.5: M09–M12; gender m: M02 → everyone else, nulls included
    expect(await ids({ not: { any: [{ field: "p_alive", lt: 0.5 }, { field: "gender", eq: "m" }] } })).toEqual(except("M02", "M09", "M10", "M11", "M12"));
    expect(await ids({ not: { all: [{ field: "cvm_stage", eq: "loyal" }, { field: "p_alive", gte: 0.5 }] } })).toEqual(except("M01", "M02"));
  });

  it("`ne` and `notIn` include missing values; `eq` and `in` do not", async () => {
    expect(await ids({ field: "gender", ne: "f" })).toEqual(["M02", "M03", "M15"]);
    expect(await ids({ field: "gender", eq: "f" })).toEqual(except("M02", "M03", "M15"));
    expect(await ids({ field: "city", notIn: ["Москва"] })).toEqual(["M02", "M03"]);
    expect(await ids({ field: "city", in: ["Москва", "Казань"] })).toEqual(except("M03"));
    expect(await ids({ field: "days_since_contact", ne: 14 })).toEqual(except("M02", "M12"));
  });

  it("profile fields: children, a car, pets, profile completeness (M02 alone gave them)", async () => {
    expect(await ids({ all: [{ field: "has_car", eq: true }, { field: "children", gte: 1 }] })).toEqual(["M02"]);
    expect(await ids({ field: "pets", isNull: false })).toEqual(["M02"]);
    expect(await ids({ field: "profile_completeness", gte: 0.8 })).toEqual(["M02"]);
    expect(await ids({ field: "has_car", ne: true })).toEqual(except("M02"));
  });

  it("isNull", async () => {
    expect(await ids({ field: "p_alive", isNull: true })).toEqual(["M03", "M04", "M14", "M15"]);
    expect(await ids({ field: "p_alive", isNull: false })).toEqual(except("M03", "M04", "M14", "M15"));
  });

  it("`not` over a window counts a member without receipts as 0", async () => {
    expect(await ids({ not: { field: "purchases", lastDays: 30, gte: 1 } })).toEqual(except("M01", "M02"));
  });
});

describe("suppressContactedWithinDays", () => {
  // contacted: M02 14 days ago, M03 13, M05 7, M06 6, M11 13, M12 14
  const everyone = { field: "frequency", gte: 0 };
  it("leaves out members contacted fewer than N days ago; N days ago is out of the window", async () => {
    expect(await ids(everyone)).toEqual(ALL);
    expect(await ids(everyone, { suppressContactedWithinDays: 7 })).toEqual(except("M06"));
    expect(await ids(everyone, { suppressContactedWithinDays: 14 })).toEqual(except("M03", "M05", "M06", "M11"));
    expect(await ids(everyone, { suppressContactedWithinDays: 15 })).toEqual(except("M02", "M03", "M05", "M06", "M11", "M12"));
  });
});

describe("hostile definitions", () => {
  const DROP = "x'; DROP TABLE mart_customer_features; --";
  const OR = "' OR 1=1 --";

  async function tablesIntact(): Promise<void> {
    expect(await t.wh.one("SELECT count(*)::INT AS n FROM mart_customer_features")).toEqual({ n: MEMBERS.length });
    const tables = await t.wh.all<{ name: string }>("SELECT table_name AS name FROM duckdb_tables() WHERE table_name IN ('mart_customer_features', 'stg_products', 'fct_receipts') ORDER BY 1");
    expect(tables.map((r) => r.name)).toEqual(["fct_receipts", "mart_customer_features", "stg_products"]);
  }

  it("(a) values carrying SQL are data: no member matches, nothing is dropped", async () => {
    expect(await ids({ field: "city", eq: DROP })).toEqual([]);
    expect(await ids({ field: "city", eq: OR })).toEqual([]);
    expect(await ids({ field: "rfm_segment", in: [OR, DROP] })).toEqual([]);
    expect(await ids({ field: "tier", in: [DROP] })).toEqual([]);
    expect(await ids({ field: "category_spend", category: DROP, lastDays: 30, gt: 0 })).toEqual([]);
    expect(await ids({ field: "category_visits", category: DROP, lastDays: 30, gte: 1 })).toEqual([]);
    // `ne` of a value nobody has is everyone
    expect(await ids({ field: "city", ne: OR })).toEqual(ALL);
    await tablesIntact();
  });

  it("(a) a category that really is such text is matched literally", async () => {
    // the EVIL product (category "' OR 1=1 --") is one line of 10 on M02's R201
    expect(await ids({ field: "category_spend", category: EVIL_CATEGORY, lastDays: 30, eq: 10 })).toEqual(["M02"]);
    expect(await ids({ field: "category_spend", category: "$asOf $days $category $1", lastDays: 30, gt: 0 })).toEqual([]);
    await tablesIntact();
  });

  it("(a) offer text is stored as given", async () => {
    const text = "'); DROP TABLE segment_members; --";
    await evaluateSegment(t.wh, definition({ field: "cvm_stage", eq: "churned" }, { offer: { code: "X1", text } }), settings);
    const rows = await t.wh.all<{ offer_text: string }>("SELECT DISTINCT offer_text FROM segment_evaluated");
    expect(rows).toEqual([{ offer_text: text }]);
    await tablesIntact();
  });

  it("(a) the compiled SQL never contains a value", () => {
    const compiled = compileSegment(definition({ all: [{ field: "city", eq: DROP }, { field: "category_spend", category: OR, lastDays: 30, gt: 0 }] }));
    expect(compiled.sql).not.toContain("DROP");
    expect(compiled.sql).not.toContain("1=1");
    expect(compiled.params).toEqual([DROP, 30, OR, 0]);
  });

  for (const field of ["frequency; DROP TABLE x", "1=1", "f.frequency", "frequency--"]) {
    it(`(b) field name ${JSON.stringify(field)} is rejected`, () => {
      expect(() => definition({ field, gt: 1 })).toThrow(ConfigError);
      expect(() => definition({ all: [{ field: "frequency", gt: 1 }, { field, eq: 1 }] })).toThrow(ConfigError);
    });
  }

  // The condition is a union; the error must come from the member meant (the comparison), not `where.all`.
  it("(b) a bad field name is reported at where.field", () => {
    expect(() => definition({ field: "frequency; DROP TABLE x", gt: 5 })).toThrow(/test: "where\.field" must be one of: tier, city, /);
    expect(() => definition({ field: "1=1", eq: 1 })).toThrow(/"where\.field" must be one of/);
    expect(() => definition({ any: [{ field: "frequency", gt: 1 }, { field: "1=1", gt: 1 }] })).toThrow(/"where\.any\.1\.field" must be one of/);
  });

  it("(c) unknown keys are rejected, wherever they are", () => {
    expect(() => definition({ field: "frequency", gt: 1 }, { sql: "DROP TABLE x" })).toThrow(/test: "sql" Unrecognized key/);
    expect(() => definition({ field: "frequency", gt: 1, sql: "1=1" })).toThrow(/"where\.sql" Unrecognized key/);
    expect(() => definition({ field: "frequency", gt: 1 }, { offer: { code: "X", sql: "1" } })).toThrow(/"offer\.sql" Unrecognized key/);
    expect(() => definition({ all: [{ field: "frequency", gt: 1, raw: "x" }] })).toThrow(/"where\.all\.0\.raw" Unrecognized key/);
  });

  it("(d) wrong types are rejected with the key path", () => {
    const bad = (where: unknown, extra: Record<string, unknown> = {}) => () => definition(where, extra);
    expect(bad({ field: "frequency", gt: "5" })).toThrow(ConfigError);
    expect(bad({ field: "cvm_stage", eq: "lost" })).toThrow(/"where\.eq" "lost" is not one of registered_no_purchase, new, developing, loyal, pre_churn, churned, won_back/);
    expect(bad({ field: "gender", in: ["f", "x"] })).toThrow(/"where\.in" "x" is not one of m, f/);
    expect(bad({ field: "frequency", between: [5, 1] })).toThrow(/"where\.between" lower bound above upper/);
    expect(bad({ all: [{ field: "frequency", gt: 1 }, { field: "avg_check", between: [1200, 1000] }] })).toThrow(/"where\.all\.1\.between" lower bound above upper/);
    expect(bad({ field: "purchases", gte: 1 })).toThrow(/"where\.lastDays" purchases needs lastDays/);
    expect(bad({ field: "expiring_bonuses", lastDays: 30, gt: 0 })).toThrow(/"where\.lastDays" expiring_bonuses does not take lastDays/);
    expect(bad({ field: "frequency", lastDays: 30, gt: 1 })).toThrow(/"where\.lastDays" frequency does not take lastDays/);
    expect(bad({ field: "category_spend", lastDays: 30, gt: 1 })).toThrow(/"where\.category" category_spend needs a category/);
    expect(bad({ field: "spend", lastDays: 30, category: "Хлеб", gt: 1 })).toThrow(/"where\.category" spend does not take a category/);
    expect(bad({ field: "city", gt: 1 })).toThrow(/"where\.gt" compares a text field with 1/);
    expect(bad({ field: "has_app", eq: "true" })).toThrow(/"where\.eq" compares a boolean field with "true"/);
    expect(bad({ field: "frequency", gt: 1, lt: 3 })).toThrow(/"where" needs exactly one comparison .* \(has gt, lt\)/);
    expect(bad({ not: { field: "cvm_stage", in: ["loyal", "lost"] } })).toThrow(/"where\.not\.in" "lost" is not one of/);
    expect(bad({ field: "frequency", gt: 1 }, { controlShare: 0.6 })).toThrow(/"controlShare"/);
    expect(bad({ field: "frequency", gt: 1 }, { channels: ["push", "push"] })).toThrow(/"channels" lists a channel twice/);
    expect(bad({ field: "frequency", gt: 1 }, { offer: { code: "X'1" } })).toThrow(/"offer\.code" letters, digits, dash, underscore/);
    expect(bad({ field: "frequency", gt: 1 }, { campaign: "a b" })).toThrow(/"campaign" letters, digits/);
  });

  it("(d) a number compared with a string is reported at where.gt", () => {
    expect(() => definition({ field: "frequency", gt: "5" })).toThrow(/"where\.gt"/);
  });
});

describe("channel cascade", () => {
  const everyone = { field: "frequency", gte: 0 };
  async function channels(priority?: string[]): Promise<Record<string, string>> {
    await evaluateSegment(t.wh, definition(everyone, { controlShare: 0, ...(priority ? { channels: priority } : {}) }), settings);
    const rows = await t.wh.all<{ customer_id: string; channel: string }>("SELECT customer_id, channel FROM segment_evaluated WHERE channel IS NOT NULL ORDER BY customer_id");
    return Object.fromEntries(rows.map((r) => [r.customer_id, r.channel]));
  }

  it("takes the first channel in priority order the member consented to and can be reached on", async () => {
    // default push, messenger, email, sms (see the shipped-definitions comment for each member)
    expect(await channels()).toEqual({ M01: "push", M02: "messenger", M03: "sms", M09: "email", M12: "sms", M17: "push" });
    expect(await channels(["sms", "email"])).toEqual({ M01: "sms", M03: "sms", M09: "email", M12: "sms" });
    expect(await channels(["messenger", "push"])).toEqual({ M01: "push", M02: "messenger", M17: "push" });
    // push consent without the app reaches nobody but M01 and M17, who have it
    expect(await channels(["push"])).toEqual({ M01: "push", M17: "push" });
    // e-mail consent without an address (M03) is not reach
    expect(await channels(["email"])).toEqual({ M09: "email" });
  });

  it("counts reach and cost per channel", async () => {
    const s = await evaluateSegment(t.wh, definition(everyone, { controlShare: 0 }), settings);
    // messenger 1.5 + e-mail 0.1 + 2 SMS × 3 = 7.6 (push is free)
    expect(s).toMatchObject({ members: 22, controlMembers: 0, reach: { push: 2, messenger: 1, email: 1, sms: 2 }, unreachable: 16 });
    expect(s.estimatedCost).toBeCloseTo(7.6, 10);
  });
});

describe("control group", () => {
  let c: Awaited<ReturnType<typeof tempWarehouse>>;
  const N = 2000;
  const synthetic = Array.from({ length: N }, (_, i) => `X${String(i).padStart(4, "0")}`);
  beforeAll(async () => {
    c = await tempWarehouse();
    await createFeaturesTable(c.wh, synthetic.map((id) => member(id)));
  });
  afterAll(() => c.cleanup());

  const def = (campaign: string, controlShare: number) =>
    parseSegmentDefinition({ name: "control-check", title: "Control", campaign, controlShare, where: { field: "frequency", gte: 0 } });

  async function flags(runId: number): Promise<Map<string, boolean>> {
    const rows = await c.wh.all<{ customer_id: string; is_control: boolean }>("SELECT customer_id, is_control FROM segment_members WHERE run_id = $1", [runId]);
    return new Map(rows.map((r) => [r.customer_id, r.is_control]));
  }

  it("holds out about the share asked, exactly the members isControl() names, the same on every run", async () => {
    const first = await runSegment(c.wh, def("spring-2026", 0.1), settings);
    const second = await runSegment(c.wh, def("spring-2026", 0.1), settings);
    const a = await flags(first.runId);
    const b = await flags(second.runId);
    expect(a.size).toBe(N);
    const flagged = [...a.values()].filter(Boolean).length;
    expect(flagged / N).toBeGreaterThanOrEqual(0.08);
    expect(flagged / N).toBeLessThanOrEqual(0.12);
    expect(first.controlMembers).toBe(flagged);
    expect(first.targetMembers).toBe(N - flagged);
    const disagree = synthetic.filter((id) => a.get(id) !== isControl("spring-2026", id, 0.1));
    expect(disagree).toEqual([]);
    expect(synthetic.filter((id) => b.get(id) !== a.get(id))).toEqual([]);
    expect([second.entered, second.exited]).toEqual([0, 0]);
  });

  it("draws a different arm for another campaign, and none with a zero share", async () => {
    const autumn = await flags((await runSegment(c.wh, def("autumn-2026", 0.1), settings)).runId);
    const spring = new Map(synthetic.map((id) => [id, isControl("spring-2026", id, 0.1)]));
    expect(synthetic.filter((id) => autumn.get(id) !== isControl("autumn-2026", id, 0.1))).toEqual([]);
    expect(synthetic.filter((id) => autumn.get(id) !== spring.get(id)).length).toBeGreaterThan(100);
    const none = await runSegment(c.wh, def("autumn-2026", 0), settings);
    expect(none.controlMembers).toBe(0);
  });

  it("agrees with the TypeScript rule at shares other than 0.1", async () => {
    for (const share of [0.05, 0.5]) {
      await evaluateSegment(c.wh, def("share-check", share), settings);
      const rows = await c.wh.all<{ customer_id: string; is_control: boolean }>("SELECT customer_id, is_control FROM segment_evaluated");
      expect(rows.filter((r) => r.is_control !== isControl("share-check", r.customer_id, share)).map((r) => r.customer_id)).toEqual([]);
    }
  });
});

describe("run snapshots", () => {
  let s: Awaited<ReturnType<typeof tempWarehouse>>;
  beforeAll(async () => {
    s = await tempWarehouse();
    await seedSegmentMembers(s.wh);
  });
  afterAll(() => s.cleanup());

  it("keep the members of each run and the diff against the previous one", async () => {
    const welcome = (await loadAllSegments("segments/definitions")).find((d) => d.name === "welcome-no-second-purchase")!;
    const first = await runSegment(s.wh, welcome, settings);
    expect(first).toMatchObject({ members: 2, previousRunId: null, entered: 2, exited: 0 });
    // M13 comes back for a second purchase; M17 joins today
    await s.wh.exec("UPDATE mart_customer_features SET frequency = 2 WHERE customer_id = 'M13'");
    await s.wh.insert("mart_customer_features", [member("M17", { cvm_stage: "registered_no_purchase", days_since_registration: 0, frequency: 0 })]);
    const second = await runSegment(s.wh, welcome, settings);
    expect(second).toMatchObject({ members: 2, previousRunId: first.runId, entered: 1, exited: 1 });
    expect(await diffMembers(s.wh, first.runId, second.runId, "entered", 10)).toEqual(["M17"]);
    expect(await diffMembers(s.wh, first.runId, second.runId, "exited", 10)).toEqual(["M13"]);
    const members = await s.wh.all<{ run_id: number; customer_id: string }>("SELECT run_id, customer_id FROM segment_members ORDER BY run_id, customer_id");
    expect(members.map((m) => [m.run_id - first.runId, m.customer_id])).toEqual([[0, "M13"], [0, "M15"], [1, "M15"], [1, "M17"]]);
    const runs = await s.wh.all("SELECT segment, as_of::VARCHAR AS as_of, members, entered, exited, previous_run_id FROM segment_runs ORDER BY run_id");
    expect(runs).toEqual([
      { segment: "welcome-no-second-purchase", as_of: "2026-10-31", members: 2, entered: 2, exited: 0, previous_run_id: null },
      { segment: "welcome-no-second-purchase", as_of: "2026-10-31", members: 2, entered: 1, exited: 1, previous_run_id: first.runId },
    ]);
  });
});
