import type { Config } from "../config/config.js";
import { withWarehouse, type Warehouse } from "../db/warehouse.js";

/** Opens the configured warehouse for one job (with the configured memory limit) and closes it. */
export function withConfiguredWarehouse<T>(config: Config, work: (wh: Warehouse) => Promise<T>): Promise<T> {
  return withWarehouse(config.warehouse, work, { memoryLimit: config.memoryLimit });
}
