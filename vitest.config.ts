import { defineConfig } from "vitest/config";

/**
 * `npm test` runs all three projects; `npm run test:unit` the first alone (the inner loop).
 * - unit: the tests beside the code (in-memory warehouses, hand-made fixtures)
 * - e2e: test/ (the CLI as a user runs it, crash recovery, the scheduler daemon, campaign truths)
 * - built-chain: test/built-chain/, the tests that share one small sample chain built end to end
 *   (ingest → models → segments → snapshot → site) in the background while the others run
 */
export default defineConfig({
  test: {
    // Each test file in its own process: DuckDB is a native addon, and a fork isolates it fully.
    pool: "forks",
    // The machine has 2 cores; end-to-end tests spawn the CLI and DuckDB uses threads of its own.
    maxWorkers: 2,
    // Generous for a 2-core machine that is busy with something else too (two suites at once, a
    // build beside them): a timeout here means a hang, never a slow machine.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    projects: [
      { extends: true, test: { name: "unit", isolate: false, include: ["**/*.test.ts"], exclude: ["test/**", "node_modules/**", "bench/**", "scratch/**", "data/**"] } },
      { extends: true, test: { name: "e2e", include: ["test/**/*.test.ts"], exclude: ["test/built-chain/**"] } },
      { extends: true, test: { name: "built-chain", include: ["test/built-chain/**/*.test.ts"], globalSetup: ["test/built-chain/global-setup.ts"] } },
    ],
  },
});
