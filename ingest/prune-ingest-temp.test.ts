import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { INGEST_TEMP_PREFIX } from "./transcode.js";
import { pruneIngestTemp, STALE_INGEST_TEMP_MS } from "./prune-ingest-temp.js";

// the clock the test sets: file times are written relative to it
const NOW = Date.UTC(2026, 10, 29, 3, 0, 0);

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), "loyalty-fake-tmp-"));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

/** A temp folder as ingest/transcode.ts makes it, with its UTF-8 copy, last written `ageMs` before NOW. */
function copy(name: string, ageMs: number, fileAgeMs = ageMs): void {
  mkdirSync(join(tmp, name));
  writeFileSync(join(tmp, name, "customers.csv"), "customer_id;first_name;phone\nC1;Иван;+79161234567\n");
  utimesSync(join(tmp, name, "customers.csv"), (NOW - fileAgeMs) / 1000, (NOW - fileAgeMs) / 1000);
  utimesSync(join(tmp, name), (NOW - ageMs) / 1000, (NOW - ageMs) / 1000);
}

describe("pruning the temp copies of killed ingests", () => {
  it("removes the ingest's folders nothing wrote to for longer than a load reads its copy, and nothing else", async () => {
    copy(`${INGEST_TEMP_PREFIX}killed`, STALE_INGEST_TEMP_MS + 1);
    copy(`${INGEST_TEMP_PREFIX}loading`, 5 * 60_000);
    // the folder is old but its copy is still being written
    copy(`${INGEST_TEMP_PREFIX}writing`, STALE_INGEST_TEMP_MS * 2, 1_000);
    copy("someone-else-abc", STALE_INGEST_TEMP_MS * 10);
    expect(await pruneIngestTemp(tmp, NOW)).toEqual([`${INGEST_TEMP_PREFIX}killed`]);
    expect(readdirSync(tmp).sort()).toEqual([`${INGEST_TEMP_PREFIX}loading`, `${INGEST_TEMP_PREFIX}writing`, "someone-else-abc"]);
  });
});
