/**
 * Starts building the shared small chain (build-chain.ts) in a process of its own as soon as a test
 * of this folder is queued, so the build runs beside the other tests instead of before them; the
 * tests wait for it through `builtChain()`. The folder is removed when the run ends.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    builtChainDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), "loyalty-built-chain-"));
  const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "build-chain.ts"), dir], { stdio: ["ignore", "ignore", "inherit"] });
  project.provide("builtChainDir", dir);
  return () => {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  };
}
