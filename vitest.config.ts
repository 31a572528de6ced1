import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Each test file in its own process: DuckDB is a native addon, and a fork isolates it fully.
    pool: "forks",
    // The machine has 2 cores; end-to-end tests spawn the CLI and DuckDB uses threads of its own.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    exclude: ["node_modules/**", "bench/**", "scratch/**", "data/**"],
  },
});
