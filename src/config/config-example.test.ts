import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseConfig } from "./config.js";

describe("the operator guide's configuration example", () => {
  it("is a config the warehouse accepts as it stands (a key holding only a comment would be null and refused)", () => {
    const guide = readFileSync(join(import.meta.dirname, "../../docs/operator.md"), "utf8");
    const start = guide.indexOf("```yaml", guide.indexOf("## Configuration")) + "```yaml".length;
    const config = parseConfig(parse(guide.slice(start, guide.indexOf("```", start))));
    expect(config.models.tiers.qualifyingMonths).toBe(12);
    expect(config.models.bonus.pointValue).toBeUndefined();
  });
});
