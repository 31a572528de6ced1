import { describe, expect, it } from "vitest";
import { detectFeed, requireFeed } from "./detect-feed.js";

describe("detectFeed", () => {
  it.each([
    ["receipts_2026-10.csv", "receipts"],
    ["data/Receipts 2026-10.csv.gz", "receipts"],
    ["receipt_lines_2026-10.parquet", "receipt-lines"],
    ["receipt-lines.csv", "receipt-lines"],
    ["checks_01.10.2026.csv", "receipts"],
    ["Чеки 01.10.2026.csv", "receipts"],
    ["bonus_ledger.jsonl", "bonus-ledger"],
    ["campaign_members.csv", "campaign-members"],
    ["campaigns.jsonl", "campaigns"],
    ["messages.jsonl.gz", "messages"],
    ["customers.csv", "customers"],
    ["cards.csv", "cards"],
    ["stores.csv", "stores"],
    ["products.jsonl", "products"],
    ["coupons.csv", "coupons"],
    ["sales_lines_2026-10-05.csv", "sales-lines"],
    ["Продажи_2026-10-05.csv", "sales-lines"],
    ["sales_2026-10.csv", "receipts"],
  ])("%s is %s", (name, feed) => {
    expect(detectFeed(name)).toBe(feed);
  });

  it("does not guess from a word that merely starts like a feed", () => {
    expect(detectFeed("cardsharp.csv")).toBeUndefined();
    expect(detectFeed("export.csv")).toBeUndefined();
  });

  it("tells the user how to name the file or which flag to pass", () => {
    expect(() => requireFeed("/in/export_2026.csv")).toThrow(/export_2026\.csv: cannot tell which feed.*--feed <stores\|products/);
  });
});
