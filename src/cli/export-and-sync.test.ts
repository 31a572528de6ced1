import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { destinationSchema } from "../delivery/destination-config.js";
import { exportFileName, exportPath } from "./export-path.js";
import { plannedBatches } from "./commands/sync.js";

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

describe("the batches a dry run would take", () => {
  const http = destinationSchema.parse({ type: "http", url: "https://mailer.example/api", batchSize: 500 });
  const folder = destinationSchema.parse({ type: "folder", path: "/srv/pos" });

  it("HTTP: removals and upserts are cut into batches separately", () => {
    expect(plannedBatches(http, { plannedUpserts: 0, plannedRemoves: 0 })).toBe(0);
    expect(plannedBatches(http, { plannedUpserts: 500, plannedRemoves: 0 })).toBe(1);
    expect(plannedBatches(http, { plannedUpserts: 501, plannedRemoves: 1 })).toBe(3);
    expect(plannedBatches(http, { plannedUpserts: 1_000, plannedRemoves: 499 })).toBe(3);
  });

  it("folder: one file when anything changed, none otherwise", () => {
    expect(plannedBatches(folder, { plannedUpserts: 0, plannedRemoves: 0 })).toBe(0);
    expect(plannedBatches(folder, { plannedUpserts: 0, plannedRemoves: 5 })).toBe(1);
    expect(plannedBatches(folder, { plannedUpserts: 100_000, plannedRemoves: 20 })).toBe(1);
  });
});
