/**
 * The features mart as segments see it: it must be built (and not empty) before a segment can run,
 * and each build is identified, so a run knows whether it was made from the latest build.
 */
import { db } from "../src/db/query-builder.js";
import type { Warehouse } from "../src/db/warehouse.js";
import { MissingModelsError } from "./segment-errors.js";

export const FEATURES_TABLE = "mart_customer_features";

/** The date the features describe (YYYY-MM-DD). */
export async function featuresAsOf(wh: Warehouse): Promise<string> {
  await assertFeaturesBuilt(wh);
  const { as_of } = await wh.one<{ as_of: string | null }>(`SELECT strftime(max(as_of), '%Y-%m-%d') AS as_of FROM ${FEATURES_TABLE}`);
  if (!as_of) throw new MissingModelsError(FEATURES_TABLE, "is empty (no members registered by the build date)");
  return as_of;
}

/** When the features were last built (from the build log), as text; "" if the log has no entry. */
export async function featuresBuild(wh: Warehouse): Promise<string> {
  if (!(await wh.hasTables("model_runs"))) return "";
  const [{ built }] = await wh.query(
    db.selectFrom("model_runs").select((eb) => eb.cast<string | null>(eb.fn.max("built_at"), "varchar").as("built")).where("model", "=", FEATURES_TABLE),
  );
  return built ?? "";
}

export async function assertFeaturesBuilt(wh: Warehouse): Promise<void> {
  if (!(await wh.hasTables(FEATURES_TABLE))) throw new MissingModelsError(FEATURES_TABLE, "does not exist yet");
}
