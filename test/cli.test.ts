import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODELS } from "../models/registry.js";
import { Warehouse } from "../src/db/warehouse.js";

const BIN = join(import.meta.dirname, "../bin/loyalty.js");
let dir: string;
let feeds: string;

function loyalty(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, events: () => r.stdout.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)) };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "loyalty-cli-"));
  feeds = join(dir, "inbox");
  mkdirSync(feeds);
  writeFileSync(join(feeds, "stores.csv"), "store_id;name;city;region;format;opened_on;closed_on\nS1;Магазин 1;Казань;Татарстан;super;01.03.2015;\n");
  writeFileSync(
    join(feeds, "receipts_2026-10.csv"),
    [
      "store_id;receipt_id;till_id;receipt_at;card_number;total;discount;bonus_earned;bonus_spent;payment_type;is_return;original_receipt_id",
      "S1;R1;1;01.10.2026 10:15;2990000000017;1 234,50;0;61,73;0;card;0;",
      "S1;R2;1;01.10.2026 11:00;;765,50;0;0;0;cash;0;",
      "S9;R3;1;01.10.2026 12:00;;100;0;0;0;cash;0;",
      "S1;R4;1;01.10.2026 12:00;;abc;0;0;0;cash;0;",
    ].join("\n"),
  );
  writeFileSync(join(feeds, "notes.txt"), "not a feed");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the loyalty command line", () => {
  it("documents every command with --help and exits 0", () => {
    for (const command of ["generate", "ingest", "status", "publish", "start", "feeds"]) {
      const r = loyalty(command, "--help");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`Usage: loyalty ${command}`));
    }
  });

  it("prints its version", () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, "../package.json"), "utf8"));
    for (const flag of ["--version", "-V"]) expect(loyalty(flag)).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it("ingests a folder, reports per file in JSON, and flags the unknown store", () => {
    const r = loyalty("--json", "ingest", feeds);
    expect(r.code).toBe(0);
    const events = r.events();
    const files = events.filter((e) => e.type === "file");
    expect(files.map((f) => [f.file, f.rowsRead, f.loaded, f.quarantined, f.duplicates])).toEqual([
      ["stores.csv", 1, 1, 0, 0],
      ["receipts_2026-10.csv", 4, 3, 1, 0],
    ]);
    const summary = events.find((e) => e.type === "summary");
    expect(summary.identified).toEqual({ receipts: 3, identifiedReceipts: 1, receiptShare: 1 / 3, revenueShare: 1234.5 / 2100 });
    expect(summary.references.find((c: { name: string }) => c.name === "receipts_unknown_store").rows).toBe(1);
    expect(r.stderr).toMatch(/notes\.txt: not a known feed name, not loaded/);
  });

  it("prints a human summary with the chain's number formats", () => {
    const r = loyalty("status");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/stg_receipts\s+3\s+1\s+2026-10-01\s+2026-10-01/);
    expect(r.stdout).toMatch(/Identified receipts: 33,3\s%/);
    expect(r.stdout).toMatch(/receipts\s+total\s+invalid_decimal\s+1/);
  });

  it("skips a file loaded before", () => {
    const r = loyalty("--json", "ingest", join(feeds, "receipts_2026-10.csv"));
    expect(r.code).toBe(0);
    expect(r.events().find((e) => e.type === "file")).toMatchObject({ status: "skipped", loaded: 0 });
  });

  it("builds the models, warning that the data cannot support a lifetime-value fit", () => {
    const r = loyalty("build");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Building ${MODELS.length} model\\(s\\) as of 2026-10-01`));
    expect(r.stdout).toMatch(/mart_kpi\s+full\s+\d+/);
    expect(r.stderr).toMatch(/mart_clv is empty: BG\/NBD: only 0 customer\(s\) made a repeat purchase/);
    expect(loyalty("build", "--select", "mart_nothing").code).toBe(2);
    expect(loyalty("build", "--as-of", "01.10.2026").code).toBe(2);
    const impossible = loyalty("build", "--as-of", "2026-13-45");
    expect([impossible.code, impossible.stderr]).toEqual([2, "error: --as-of 2026-13-45: not a date; use YYYY-MM-DD, e.g. 2026-10-31\n"]);
    const late = loyalty("build", "--select", "dim_stores", "--as-of", "2026-10-05");
    expect(late.code).toBe(0);
    expect(late.stderr).toContain("--as-of 2026-10-05 is after the last day of receipts (2026-10-01)");
  });

  it("publishes the snapshot", () => {
    const r = loyalty("publish");
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, "data/snapshots/current/fct_receipts"))).toBe(true);
    // staging tables stay in the warehouse: the snapshot holds no names, phones or e-mails
    expect(existsSync(join(dir, "data/snapshots/current/stg_customers.parquet"))).toBe(false);
    expect(existsSync(join(dir, "data/snapshots/current/stg_receipts"))).toBe(false);
  });

  it("exits 2 on bad usage, 3 on an unreadable input, 4 when another process writes the warehouse", async () => {
    expect(loyalty("ingest", feeds, "--feed", "sales").code).toBe(2);
    expect(loyalty("frobnicate").code).toBe(2);
    writeFileSync(join(dir, "export.csv"), "a;b\n1;2\n");
    const unknown = loyalty("ingest", join(dir, "export.csv"));
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/export\.csv: cannot tell which feed/);
    const holder = await Warehouse.open(join(dir, "data/warehouse.duckdb"));
    try {
      const busy = loyalty("status");
      expect(busy.code).toBe(4);
      expect(busy.stderr).toMatch(/open in another process/);
    } finally {
      await holder.close();
    }
  });

  it("drafts a profile for a chain's own export, shows what it would load, and the profile loads it", () => {
    const exportFile = join(dir, "Продажи_2026-10-05.csv");
    copyFileSync(join(import.meta.dirname, "fixtures/exports/ru-till/Продажи_2026-10-05.csv"), exportFile);
    const draft = loyalty("profile", "draft", exportFile);
    expect(draft.code, draft.stderr).toBe(0);
    expect(draft.stdout).toContain(`Drafted a sales-lines profile: ${join(dir, "Продажи_2026-10-05.profile.yaml")}`);
    expect(draft.stdout).toMatch(/receipt_at +\{"datetime":\["Дата","Время"\]\}/);
    expect(draft.stdout).toContain("The first 39 record(s) as they would be loaded: 31 loaded, 6 quarantined, 2 duplicates, 0 conflicts");
    expect(loyalty("profile", "draft", exportFile).code).toBe(2); // the profile exists: not overwritten without --force
    const ingest = loyalty("--json", "--warehouse", join(dir, "own.duckdb"), "ingest", exportFile, "--profile", join(dir, "Продажи_2026-10-05.profile.yaml"));
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(ingest.events().find((e) => e.type === "file")).toMatchObject({ feed: "sales-lines", rowsRead: 39, loaded: 31, quarantined: 6, duplicates: 2, conflicts: 0 });
  });

  it("documents the feeds from the schema", () => {
    const feeds = loyalty("feeds", "sales-lines");
    expect(feeds.code).toBe(0);
    expect(feeds.stdout).toContain("key: store_id + receipt_id + line_no");
    expect(feeds.stdout).toMatch(/line_no +integer +key \(or position\) +≥ 1 +line number in the receipt/);
    expect(loyalty("feeds", "salse").stderr).toContain('There is no feed "salse"');
  });

  it("names the bad key of a config file", () => {
    writeFileSync(join(dir, "bad.config.json"), JSON.stringify({ ingest: { futureToleranceDay: 3 } }));
    const r = loyalty("--config", "bad.config.json", "status");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.config\.json: "ingest\.futureToleranceDay"/);
  });

  it("rejects a time zone that is not an IANA name when the config is read, not with a RangeError later", () => {
    writeFileSync(join(dir, "zone.config.json"), JSON.stringify({ timeZone: "Moscow" }));
    const r = loyalty("--config", "zone.config.json", "schedule", "--history");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: zone.config.json: "timeZone" must be an IANA time zone such as Europe/Moscow\n');
  });

  it("prints an error as one JSON object on stderr with --json", () => {
    const usage = loyalty("--json", "frobnicate");
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stderr)).toEqual({ type: "error", message: "unknown command 'frobnicate'", exitCode: 2 });
    const input = loyalty("--json", "ingest", join(dir, "export.csv"));
    expect(input.code).toBe(3);
    expect(JSON.parse(input.stderr)).toMatchObject({ type: "error", message: expect.stringMatching(/export\.csv: cannot tell which feed/), exitCode: 3 });
  });
});
