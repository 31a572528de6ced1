import { afterAll, beforeAll } from "vitest";
import { buildModels, selectModels, type ModelBuildResult } from "../../models/build-models.js";
import { MODELS } from "../../models/registry.js";
import { parseConfig } from "../../src/config/config.js";
import { seedTinyChain } from "../fixtures/tiny-chain.js";
import { tempWarehouse } from "./temp-warehouse.js";

export interface BuiltTinyChain {
  t: Awaited<ReturnType<typeof tempWarehouse>>;
  results: ModelBuildResult[];
}

/**
 * Registers hooks that seed the tiny chain and build models as of 2026-10-31 (all of them, or a
 * selector such as `+mart_kpi`) before a test file's tests, and clean up after. Read `.t` and
 * `.results` inside the tests.
 */
export function useBuiltTinyChain(selector?: string, config: object = {}): BuiltTinyChain {
  const state = {} as BuiltTinyChain;
  beforeAll(async () => {
    state.t = await tempWarehouse();
    await seedTinyChain(state.t.wh);
    state.results = await buildModels(state.t.wh, selectModels(MODELS, selector), { asOf: "2026-10-31", params: parseConfig(config).models });
  });
  afterAll(() => state.t.cleanup());
  return state;
}
