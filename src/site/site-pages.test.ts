/** The page list and the data files are declared once; the pages' source must agree with both. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SITE_DATA } from "../../reports/site-data.js";
import { SITE_PAGES } from "./site-pages.js";

const NOTEBOOKS = join(import.meta.dirname, "../../notebooks");
const pageFiles = readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".md"));

describe("the report site's declarations", () => {
  it("has a notebook for every declared page and declares every notebook", () => {
    expect(pageFiles.map((f) => f.replace(/\.md$/, "")).sort()).toEqual(SITE_PAGES.map((p) => p.path).sort());
  });

  it("writes every data file a page reads, and no file that no page reads", () => {
    const read = new Set(pageFiles.flatMap((f) => [...readFileSync(join(NOTEBOOKS, f), "utf8").matchAll(/FileAttachment\("data\/([^"]+)"\)/g)].map((m) => m[1])));
    expect([...read].sort()).toEqual(Object.keys(SITE_DATA).sort());
  });
});
