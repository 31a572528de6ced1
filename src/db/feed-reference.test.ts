import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FEED_REFERENCE_DOC, feedColumns, feedKey, feedReferenceMarkdown, mergeRule } from "./feed-reference.js";
import { FEEDS, FEED_NAMES } from "./schema.js";

describe("the feed reference", () => {
  it("in the operator's guide is the one generated from the schema (run `npm run docs` after changing a feed)", () => {
    expect(readFileSync(FEED_REFERENCE_DOC, "utf8")).toContain(feedReferenceMarkdown());
  });

  it("documents every column of every feed, with its key, requirement and accepted values", () => {
    for (const feed of FEED_NAMES) {
      expect(feedColumns(feed).map((c) => c.column)).toEqual(Object.keys(FEEDS[feed].columns));
      for (const c of feedColumns(feed)) expect(c.doc.length, `${feed}.${c.column}`).toBeGreaterThan(3);
    }
    expect(feedKey("sales-lines")).toBe("store_id + receipt_id + line_no");
    expect(feedColumns("sales-lines").find((c) => c.column === "line_no")).toMatchObject({ type: "integer", need: "key (or position)" });
    expect(feedColumns("campaign-members").find((c) => c.column === "customer_id")?.need).toBe("key (one of customer_id, card_number)");
    expect(feedColumns("bonus-ledger").find((c) => c.column === "kind")?.values).toBe("one of accrual, redemption, expiry, adjustment");
    expect(feedColumns("customers").find((c) => c.column === "registration_channel")?.values).toBe("till, app, site, online_form, wallet, import, others kept and counted");
    expect(mergeRule("customers")).toBe("upsert: a changed row replaces the stored one");
  });
});
