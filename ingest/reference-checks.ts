/**
 * Referential checks. Rows that point at an unknown store or card are kept (the reference may
 * simply arrive in a later file) and flagged here, computed on demand so a flag never goes stale.
 */
import type { Warehouse } from "../src/db/warehouse.js";

export interface ReferenceCheck {
  name: string;
  description: string;
  /** SQL counting the flagged rows. */
  sql: string;
}

export const REFERENCE_CHECKS: ReferenceCheck[] = [
  {
    name: "receipts_unknown_store",
    description: "receipts whose store is not in the stores feed",
    sql: "SELECT count(*) FROM stg_receipts r WHERE NOT EXISTS (SELECT 1 FROM stg_stores s WHERE s.store_id = r.store_id)",
  },
  {
    name: "receipts_unknown_card",
    description: "member receipts whose card is not in the cards feed",
    sql: "SELECT count(*) FROM stg_receipts r WHERE r.card_number IS NOT NULL AND NOT EXISTS (SELECT 1 FROM stg_cards c WHERE c.card_number = r.card_number)",
  },
  {
    name: "lines_unknown_receipt",
    description: "receipt lines whose receipt is not in the receipts feed",
    sql: "SELECT count(*) FROM stg_receipt_lines l WHERE NOT EXISTS (SELECT 1 FROM stg_receipts r WHERE r.store_id = l.store_id AND r.receipt_id = l.receipt_id)",
  },
  {
    name: "lines_unknown_product",
    description: "receipt lines whose SKU is not in the products feed",
    sql: "SELECT count(*) FROM stg_receipt_lines l WHERE NOT EXISTS (SELECT 1 FROM stg_products p WHERE p.sku = l.sku)",
  },
  {
    name: "returns_unknown_sale",
    description: "returns whose original sale is not loaded",
    sql: "SELECT count(*) FROM stg_receipts r WHERE r.is_return AND NOT EXISTS (SELECT 1 FROM stg_receipts s WHERE s.store_id = r.store_id AND s.receipt_id = r.original_receipt_id)",
  },
  {
    name: "cards_unknown_customer",
    description: "cards whose customer is not in the customers feed",
    sql: "SELECT count(*) FROM stg_cards c WHERE NOT EXISTS (SELECT 1 FROM stg_customers u WHERE u.customer_id = c.customer_id)",
  },
];

export async function runReferenceChecks(wh: Warehouse): Promise<{ name: string; description: string; rows: number }[]> {
  const counts = await wh.one<Record<string, number>>(
    `SELECT ${REFERENCE_CHECKS.map((c) => `(${c.sql})::BIGINT AS ${c.name}`).join(", ")}`,
  );
  return REFERENCE_CHECKS.map((c) => ({ name: c.name, description: c.description, rows: counts[c.name] }));
}
