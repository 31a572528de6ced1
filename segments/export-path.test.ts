import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exportFileName, exportPath } from "./export-path.js";

const dir = mkdtempSync(join(tmpdir(), "loyalty-export-path-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("segment export file names", () => {
  it("give a file with contacts its own name, so it never replaces the file without them", () => {
    expect(exportFileName("win-back", "marketer", 7, "csv")).toBe("win-back-marketer-run7.csv");
    expect(exportFileName("win-back", "marketer", 7, "xlsx", true)).toBe("win-back-marketer-contacts-run7.xlsx");
    expect(exportFileName("win-back", "pos", 7, "parquet")).toBe("win-back-pos-run7.parquet");
  });

  it("put the default name into the export folder, into an --out folder, or use --out as the file", () => {
    const existing = join(dir, "exports");
    mkdirSync(existing);
    expect(exportPath(undefined, "data/exports", "a.csv")).toBe(resolve("data/exports/a.csv"));
    expect(exportPath(existing, "data/exports", "a.csv")).toBe(join(existing, "a.csv"));
    expect(exportPath(join(dir, "new-folder/"), "data/exports", "a.csv")).toBe(join(dir, "new-folder", "a.csv"));
    expect(exportPath(join(dir, "list.csv"), "data/exports", "a.csv")).toBe(join(dir, "list.csv"));
  });
});
