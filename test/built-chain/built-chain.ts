/** The small sample chain built once per test run (see build-chain.ts), for the tests of this folder. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import type { FileLoadResult } from "../../ingest/load-file.js";
import type { SegmentRun } from "../../segments/run-segment.js";
import type { SiteBuildResult } from "../../src/site/build-site.js";

export interface BuiltChain {
  /** The generated feeds (to know what personal data must not leak). */
  chainDir: string;
  /** The warehouse file: open it read-only, the tests of this folder share it. */
  warehouse: string;
  /** Parent folder of the published snapshot (holds `current`). */
  snapshotDir: string;
  ingest: FileLoadResult[];
  segmentRuns: SegmentRun[];
  site: SiteBuildResult;
}

/** Waits for the shared chain (the build takes 10–20 s on two cores, longer when they are busy). */
export async function builtChain(timeoutMs = 240_000): Promise<BuiltChain> {
  const dir = inject("builtChainDir");
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(join(dir, "ready.json"))) return JSON.parse(readFileSync(join(dir, "ready.json"), "utf8")) as BuiltChain;
    if (existsSync(join(dir, "error.txt"))) throw new Error(`building the shared sample chain failed:\n${readFileSync(join(dir, "error.txt"), "utf8")}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the shared sample chain was not built within ${timeoutMs / 1000} s (${dir})`);
}
