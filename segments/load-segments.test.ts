import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../src/errors.js";
import { loadAllSegments, loadSegmentFile } from "./load-segments.js";

// A folder outside the project, with no package.json: TypeScript there compiles as CommonJS.
const dir = mkdtempSync(join(tmpdir(), "loyalty-defs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe("TypeScript segment definitions", () => {
  it("load from any folder", async () => {
    const path = write("big-spenders.ts", `export default { name: "big-spenders", title: "Крупные", where: { field: "monetary", gte: 50000 } };\n`);
    expect(await loadSegmentFile(path)).toMatchObject({ name: "big-spenders", where: { field: "monetary", gte: 50000 } });
  });

  it("that do not compile, or export nothing, are named with the reason", async () => {
    const broken = write("broken.ts", "const x: number = ;\nexport default {};\n");
    await expect(loadSegmentFile(broken)).rejects.toThrow(ConfigError);
    await expect(loadSegmentFile(broken)).rejects.toThrow(/broken\.ts: "\(file\)" cannot be loaded: .*broken\.ts:1:18: ERROR: Unexpected ";"/);
    const empty = write("empty.ts", "export const a = 1;\n");
    await expect(loadSegmentFile(empty)).rejects.toThrow(/empty\.ts: "\(file\)" has no default export/);
  });

  it("the shipped ones load, TypeScript included", async () => {
    const names = (await loadAllSegments(join(import.meta.dirname, "definitions"))).map((d) => d.name);
    expect(names).toEqual(["birthday-in-5-days", "child-birthday-in-7-days", "close-to-next-tier", "loyal-referral", "micro-check-1000-1200", "pre-churn-expiring-bonuses",
      "tier-up-congratulations", "welcome-no-second-purchase", "win-back"]);
  });
});
