import type { SqlModel } from "../model.js";

export const dimCards: SqlModel = {
  kind: "sql",
  name: "dim_cards",
  description: "Loyalty cards and the customer each belongs to; one row per card.",
  layer: "core",
  grain: ["card_number"],
  sql: ({ source }) => `SELECT card_number, customer_id, issued_at, channel, status, tier, store_id AS issuing_store_id FROM ${source("stg_cards")}`,
  tests: [{ kind: "not_null", columns: ["customer_id"] }],
};
