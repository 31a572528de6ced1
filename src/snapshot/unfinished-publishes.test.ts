import { spawnSync } from "node:child_process";
import { lutimesSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildingFolderName, pruneUnfinishedPublishes, STALE_PUBLISH_MS } from "./unfinished-publishes.js";

// the clock the test sets: file times are written relative to it, never to the machine's clock
const NOW = Date.UTC(2026, 10, 29, 3, 0, 0);
const HOUR = 3_600_000;
const ID = "20261129T020000-000Z";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "loyalty-unfinished-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A building folder with a partition inside, everything last written `ageMs` before NOW. */
function building(name: string, ageMs: number): void {
  const at = (NOW - ageMs) / 1000;
  mkdirSync(join(root, name, "fct_receipts", "month=2026-10"), { recursive: true });
  writeFileSync(join(root, name, "fct_receipts", "month=2026-10", "data_0.parquet"), "PAR1");
  for (const p of ["fct_receipts/month=2026-10/data_0.parquet", "fct_receipts/month=2026-10", "fct_receipts", ""]) utimesSync(join(root, name, p), at, at);
}

describe("pruning what killed publishes left", () => {
  it("removes a folder of this host whose process is gone at once, a live one's never before it is stale", async () => {
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    building(buildingFolderName(ID, undefined, dead), 60_000);
    building(buildingFolderName(ID, undefined, process.pid), 60_000);
    expect(await pruneUnfinishedPublishes(root, NOW)).toEqual([buildingFolderName(ID, undefined, dead)]);
    expect(readdirSync(root)).toEqual([buildingFolderName(ID, undefined, process.pid)]);
  });

  it("removes another host's folder, or one without an owner, only once nothing in it changed for longer than a publish takes", async () => {
    const names = {
      otherHostFresh: buildingFolderName(ID, "other-host", 1),
      otherHostStale: buildingFolderName("20261128T020000-000Z", "other-host", 1),
      noOwnerStale: ".building-20261120T020000-000Z",
      noOwnerFresh: ".building-20261129T025000-000Z",
    };
    building(names.otherHostFresh, 2 * HOUR);
    building(names.otherHostStale, STALE_PUBLISH_MS + HOUR);
    building(names.noOwnerStale, STALE_PUBLISH_MS + 1);
    building(names.noOwnerFresh, 10 * 60_000);
    // a file written recently deep inside keeps an old folder
    building(".building-20261101T000000-000Z", STALE_PUBLISH_MS * 2);
    utimesSync(join(root, ".building-20261101T000000-000Z", "fct_receipts", "month=2026-10", "data_0.parquet"), (NOW - HOUR) / 1000, (NOW - HOUR) / 1000);
    // a link left between its creation and the switch, and a published snapshot (never touched)
    symlinkSync("20261120T020000-000Z", join(root, ".current-20261120T020000-000Z"));
    lutimesSync(join(root, ".current-20261120T020000-000Z"), (NOW - STALE_PUBLISH_MS - 1) / 1000, (NOW - STALE_PUBLISH_MS - 1) / 1000);
    building("20261120T020000-000Z", STALE_PUBLISH_MS * 3);
    const removed = await pruneUnfinishedPublishes(root, NOW);
    expect(removed.sort()).toEqual([".current-20261120T020000-000Z", names.noOwnerStale, names.otherHostStale].sort());
    expect(readdirSync(root).sort()).toEqual([".building-20261101T000000-000Z", names.noOwnerFresh, names.otherHostFresh, "20261120T020000-000Z"].sort());
  });
});
