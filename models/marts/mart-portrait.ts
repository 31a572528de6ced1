import type { SqlModel } from "../model.js";
import { HOME_STORE_SCOPE_COLUMNS } from "./home-store-scope.js";

export const AGE_BANDS = ["<18", "18-24", "25-34", "35-44", "45-54", "55-64", "65+", "unknown"] as const;

/** The customer portrait: members by age band × gender × city, for the chain and per home store. */
export const martPortrait: SqlModel = {
  kind: "sql",
  name: "mart_portrait",
  description: "Members by age band, gender and city; chain and home stores.",
  layer: "mart",
  grain: ["scope", "scope_id", "age_band", "gender", "city"],
  sql: ({ ref }) => `WITH banded AS (
        SELECT *, CASE WHEN age IS NULL THEN 'unknown' WHEN age < 18 THEN '<18' WHEN age < 25 THEN '18-24' WHEN age < 35 THEN '25-34'
          WHEN age < 45 THEN '35-44' WHEN age < 55 THEN '45-54' WHEN age < 65 THEN '55-64' ELSE '65+' END AS age_band
        FROM ${ref("dim_customers")}
      )
      SELECT ${HOME_STORE_SCOPE_COLUMNS},
        age_band, coalesce(gender, 'unknown') AS gender, coalesce(city, 'unknown') AS city, count(*) AS members
      FROM banded GROUP BY GROUPING SETS ((age_band, gender, city), (home_store_id, age_band, gender, city))`,
  tests: [{ kind: "accepted_values", column: "age_band", values: AGE_BANDS }],
};
