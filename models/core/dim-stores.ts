import type { SqlModel } from "../model.js";

export const dimStores: SqlModel = {
  kind: "sql",
  name: "dim_stores",
  description: "Stores with city, region and format; one row per store.",
  layer: "core",
  grain: ["store_id"],
  sql: ({ source }) => `SELECT store_id, name, city, region, format, opened_on, closed_on FROM ${source("stg_stores")}`,
  tests: [{ kind: "not_null", columns: ["city"] }],
};
