/** What the warehouse holds and, per model, its last build and what the next one will do: `loyalty status`. */
import { quarantinedRows, warehouseStatus, type QuarantinedRow, type WarehouseStatus } from "../../ingest/warehouse-status.js";
import { defaultAsOf, dependencyOrder } from "../../models/build-models.js";
import { planBuild, type PlannedModel } from "../../models/build-plan.js";
import { MODELS } from "../../models/registry.js";
import type { Config } from "../config/config.js";
import { ensureSchema } from "../db/ensure-schema.js";
import type { AppEvents } from "./app-events.js";
import { withConfiguredWarehouse } from "./configured-warehouse.js";

export interface OverviewOptions {
  /** List the first n quarantined rows too. */
  quarantined?: number;
}

export interface WarehouseOverview {
  status: WarehouseStatus;
  /** Per model, what the next build will do; undefined until receipts are loaded. */
  plan?: PlannedModel[];
  quarantined?: QuarantinedRow[];
}

export async function warehouseOverview(config: Config, options: OverviewOptions, events: AppEvents): Promise<WarehouseOverview> {
  return withConfiguredWarehouse(config, async (wh) => {
    await ensureSchema(wh);
    const status = await warehouseStatus(wh);
    events.event("status", status);
    const overview: WarehouseOverview = { status };
    if (status.tables.some((t) => t.table === "stg_receipts" && t.rows > 0)) {
      overview.plan = await planBuild(wh, dependencyOrder(MODELS), { asOf: await defaultAsOf(wh), params: config.models });
      events.event("models", overview.plan.map((p) => ({ model: p.model.name, lastBuiltAt: p.last?.builtAt ?? null, asOf: p.last?.asOf ?? null, next: p.action, reasons: p.reasons })));
    }
    if (options.quarantined) {
      overview.quarantined = await quarantinedRows(wh, options.quarantined);
      events.event("quarantine", { rows: overview.quarantined });
    }
    return overview;
  });
}
