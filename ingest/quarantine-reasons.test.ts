import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { QUARANTINE_REASONS } from "./quarantine-reasons.js";

describe("quarantine reasons", () => {
  it("explain every reason the readers and the merge write (scanned from ingest/'s code)", () => {
    const code = readdirSync(import.meta.dirname)
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "quarantine-reasons.ts")
      .map((f) => readFileSync(join(import.meta.dirname, f), "utf8"))
      .join("\n");
    // reasons appear in the code as quoted snake_case literals next to "reason" or as problem(…, "reason", …)
    const written = new Set([...code.matchAll(/["'](missing|too|bad|invalid|negative|future|not|unknown|conflicting)_[a-z_]+["']/g)].map((m) => m[0].slice(1, -1)));
    expect([...written].filter((r) => !(r in QUARANTINE_REASONS)).sort()).toEqual([]);
    expect(written.size).toBeGreaterThanOrEqual(12);
  });
});
