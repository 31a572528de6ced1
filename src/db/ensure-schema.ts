import { schemaDdl } from "./schema.js";
import type { Warehouse } from "./warehouse.js";

/** Creates whatever tables are missing; safe on every open. */
export async function ensureSchema(wh: Warehouse): Promise<void> {
  await wh.exec(schemaDdl());
}
