import { describe, expect, it } from "vitest";
import { destinationSchema } from "./destination-config.js";
import { cutBatches } from "./destination-types.js";
import type { Plan, Resend } from "./sync-plan.js";

const http = destinationSchema.parse({ type: "http", url: "https://mailer.example/api", batchSize: 500 });
const folder = destinationSchema.parse({ type: "folder", path: "/srv/pos" });
const plan = (upsert: number, remove: number, resends: Resend[] = []): Plan => ({ upsert, remove, resends });
const resend = (action: Resend["action"], from: number, to: number): Resend => ({ syncId: 1, batchNo: 1, action, key: "k", runId: 1, campaign: "c", from, to });
const shape = (spans: ReturnType<typeof cutBatches>) => spans.map((s) => [s.action, s.from, s.to, s.resend ? "resend" : "new"]);

describe("cutting a sync's plan into batches", () => {
  it("HTTP: removals first, then upserts, in batches of the destination's size that never mix actions", () => {
    expect(cutBatches(plan(0, 0), http)).toEqual([]);
    expect(shape(cutBatches(plan(500, 0), http))).toEqual([["upsert", 1, 500, "new"]]);
    expect(shape(cutBatches(plan(501, 1), http))).toEqual([["remove", 1, 1, "new"], ["upsert", 2, 501, "new"], ["upsert", 502, 502, "new"]]);
    expect(cutBatches(plan(1_000, 499), http)).toHaveLength(3);
  });

  it("HTTP: batches in doubt re-sent as they were come first, each whole, and the rest is cut after them", () => {
    // plan rows 1–20: a resent upsert batch; 21–23: a resent removal; then 5 removals and 700 upserts
    const spans = cutBatches(plan(720, 8, [resend("upsert", 1, 20), resend("remove", 21, 23)]), http);
    expect(shape(spans)).toEqual([
      ["upsert", 1, 20, "resend"], ["remove", 21, 23, "resend"], ["remove", 24, 28, "new"], ["upsert", 29, 528, "new"], ["upsert", 529, 728, "new"],
    ]);
  });

  it("folder: one file when anything changed, none otherwise", () => {
    expect(cutBatches(plan(0, 0), folder)).toEqual([]);
    expect(cutBatches(plan(0, 5), folder)).toEqual([{ action: "upsert", from: 1, to: 5 }]);
    expect(cutBatches(plan(100_000, 20), folder)).toEqual([{ action: "upsert", from: 1, to: 100_020 }]);
  });
});
