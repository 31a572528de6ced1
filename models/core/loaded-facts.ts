import { stagingTables, type FeedName } from "../../src/db/schema.js";
import type { SqlModel } from "../model.js";

/**
 * Facts (and the product catalogue) the marts use as the feeds loaded them: the staging table's
 * columns without its lineage (`_file_id`, `_line`), so marts read core models only. Views, not
 * copies: they add nothing a copy would be worth its time for (a line-level export is the largest
 * table there is), and their grain is the staging key, which the load keeps unique (duplicates and
 * conflicts are counted and quarantined there).
 */
function loadedFacts(name: string, feed: FeedName, description: string, grain: string[]): SqlModel {
  const { table, columns } = stagingTables().find((t) => t.feed === feed)!;
  return {
    kind: "sql",
    name,
    description,
    layer: "core",
    materialized: "view",
    grain,
    sql: ({ source }) => `SELECT ${Object.keys(columns).join(", ")} FROM ${source(table)}`,
  };
}

export const fctReceiptLines = loadedFacts("fct_receipt_lines", "receipt-lines", "Receipt lines as loaded: product, quantity, amount, discount, promotion.", ["store_id", "receipt_id", "line_no"]);
export const fctBonusLedger = loadedFacts("fct_bonus_ledger", "bonus-ledger", "Bonus point movements as loaded: accrual, redemption, expiry, adjustment.", ["entry_id"]);
export const fctCoupons = loadedFacts("fct_coupons", "coupons", "Coupons issued, with their redemption when it came.", ["coupon_id"]);
export const fctMessages = loadedFacts("fct_messages", "messages", "Messages sent, with delivery, opening, clicks and cost.", ["message_id"]);
export const dimChildren = loadedFacts("dim_children", "children", "Members' children from the profile: birth date and gender, one row per child.", ["customer_id", "child_id"]);
// A view like the facts, so it stays in the warehouse with the products feed (the snapshot publishes
// the marts' categories, brands and margin classes, not the catalogue).
export const dimProducts = loadedFacts("dim_products", "products", "Products as loaded: one row per SKU with category, subcategory, brand, margin class and list price.", ["sku"]);
