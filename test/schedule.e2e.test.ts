import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Warehouse } from "../src/db/warehouse.js";
import { EVERYONE_SEGMENT, seedSyntheticMembers } from "./helpers/synthetic-members.js";

const BIN = join(import.meta.dirname, "../bin/loyalty.js");
let dir: string;
let config: string;
const warehouse = () => join(dir, "warehouse.duckdb");

function loyalty(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, "--config", config, ...args], { cwd: dir, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, events: () => r.stdout.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)) };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "loyalty-schedule-"));
  writeFileSync(join(dir, "everyone.json"), JSON.stringify(EVERYONE_SEGMENT));
  const wh = await Warehouse.open(warehouse());
  await seedSyntheticMembers(wh, 3);
  await wh.close();
  config = join(dir, "loyalty.config.json");
  writeFileSync(
    config,
    JSON.stringify({
      warehouse: warehouse(),
      segments: { dir, exportDir: join(dir, "exports") },
      destinations: { pos: { type: "folder", path: join(dir, "pos"), segments: ["everyone"] } },
      jobs: {
        nightly: { cron: "0 3 * * *", steps: [{ segments: ["everyone"] }, { sync: { destination: "pos" } }] },
        // every second, for the daemon test
        often: { cron: "* * * * * *", steps: [{ segments: ["everyone"] }] },
      },
    }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("jobs from the command line", () => {
  it("`run nightly` runs its steps in order, drops the POS file and records the run", () => {
    const r = loyalty("run", "nightly");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("nightly: ok after 2/2 step(s)");
    expect(readFileSync(join(dir, "pos", "everyone.csv"), "utf8").split("\n")[1]).toBe("K0001;X1;2026-11-01;2026-11-07");
    const history = loyalty("schedule", "--history", "--json").events();
    expect(history[0]).toMatchObject({ type: "job_run", job: "nightly", trigger: "manual", status: "ok", steps_done: 2 });
  });

  it("a job whose step names a missing destination does not run (exit 2), naming the step and the cause", () => {
    // a config of its own (outside the segments folder): `schedule` refuses to start with such a job
    const settings = JSON.parse(readFileSync(config, "utf8"));
    settings.jobs.broken = { cron: "0 4 * * *", steps: [{ sync: { destination: "nowhere" } }] };
    mkdirSync(join(dir, "alt"), { recursive: true });
    const broken = join(dir, "alt", "broken.config.json");
    writeFileSync(broken, JSON.stringify(settings));
    const r = loyalty("--config", broken, "run", "broken");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('broken: sync nowhere: there is no destination "nowhere" (destinations: pos)');
    expect(loyalty("run", "nope").stderr).toContain('There is no job "nope" in the config (jobs: nightly, often)');
  });

  it("segments export and diff work from the command line", () => {
    const out = join(dir, "everyone.csv");
    const r = loyalty("segments", "export", "everyone", "--shape", "mailer", "--out", out);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(
      "\uFEFFcustomer_id;channel;contact;first_name;bonus_balance;offer_code;offer_text;valid_to\n" +
        "C0001;email;c1@example.ru;Имя1;10,0;X1;;2026-11-07\nC0002;email;c2@example.ru;Имя2;20,0;X1;;2026-11-07\nC0003;email;c3@example.ru;Имя3;30,0;X1;;2026-11-07\n",
    );
    expect(loyalty("segments", "run", "everyone").code).toBe(0);
    expect(loyalty("segments", "run", "everyone").stdout).toMatch(/everyone +\d+ +3 +3 +0 +0 \/ 0 \/ 3 \/ 0 +0 +0,30\s₽ +– +run \d+ +\+0 \/ −0/);
    expect(loyalty("segments", "diff", "everyone").stdout).toMatch(/everyone: run \d+ → run \d+: \+0 entered, −0 exited/);
  });

  it("`schedule` runs jobs on their cron ticks, one at a time, and stops gracefully on SIGTERM", async () => {
    // the expected next nightly run comes from the same clock the daemon reads: the first 03:00 in
    // Moscow (UTC+3 all year, so 00:00 UTC) after the moment it started
    const nextMoscow3am = (t: number) => {
      const day = 86_400_000;
      const next = new Date((Math.floor(t / day) + 1) * day);
      return `${next.toISOString().slice(8, 10)}.${next.toISOString().slice(5, 7)}.${next.toISOString().slice(0, 4)}, 03:00:00 (Europe/Moscow)`;
    };
    const startedAt = Date.now();
    const daemon = spawn(process.execPath, [BIN, "--config", config, "schedule"], { cwd: dir });
    let stdout = "";
    daemon.stdout.on("data", (d) => (stdout += d));
    const exited = new Promise<number | null>((done) => daemon.on("exit", (code) => done(code)));
    // wait for two finished runs of `often`
    const deadline = Date.now() + 20_000;
    while ((stdout.match(/often finished/g) ?? []).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    daemon.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stdout).toContain("Stopped on SIGTERM");
    const nightly = stdout.match(/nightly: next run (.*)/)?.[1];
    expect([nextMoscow3am(startedAt), nextMoscow3am(Date.now())]).toContain(nightly);
    const history = loyalty("schedule", "--history", "50", "--json").events().filter((e) => e.job === "often");
    expect(history.filter((e) => e.status === "ok").length).toBeGreaterThanOrEqual(2);
    expect(history.every((e) => ["ok", "skipped_overlap", "cancelled"].includes(e.status))).toBe(true);
    expect(existsSync(warehouse())).toBe(true);
  });
});

describe("segments and sync as a user meets them", () => {
  beforeAll(() => {
    // an HTTP destination no request reaches (fetch refuses port 9), for a failed sync
    const settings = JSON.parse(readFileSync(config, "utf8"));
    settings.destinations.crm = { type: "http", url: "http://127.0.0.1:9/audiences", segments: ["everyone"], batchSize: 2, retries: 0 };
    writeFileSync(config, JSON.stringify(settings));
  });

  it("an export with contacts gets its own default name; only the marketer file has formulas defused", async () => {
    const wh = await Warehouse.open(warehouse());
    await wh.exec("UPDATE stg_customers SET first_name = '=1+2' WHERE customer_id = 'C0001'");
    await wh.close();
    try {
      const plain = loyalty("--json", "segments", "export", "everyone").events().find((e) => e.type === "export");
      const contacts = loyalty("--json", "segments", "export", "everyone", "--with-contacts").events().find((e) => e.type === "export");
      expect(plain.path).toMatch(/everyone-marketer-run\d+\.csv$/);
      expect(contacts.path).toBe(plain.path.replace("-marketer-run", "-marketer-contacts-run"));
      expect(readFileSync(plain.path, "utf8")).not.toContain("example.ru");
      expect(readFileSync(contacts.path, "utf8")).toContain(";'=1+2;");
      const mailer = join(dir, "mailer.csv");
      expect(loyalty("segments", "export", "everyone", "--shape", "mailer", "--out", mailer).code).toBe(0);
      expect(readFileSync(mailer, "utf8")).toContain(";=1+2;");
    } finally {
      const restore = await Warehouse.open(warehouse());
      await restore.exec("UPDATE stg_customers SET first_name = 'Имя1' WHERE customer_id = 'C0001'");
      await restore.close();
    }
  });

  it("--out a folder writes the default name into it; an unwritable --out is a usage error naming the path", () => {
    const folder = join(dir, "out-folder");
    mkdirSync(folder);
    const into = loyalty("--json", "segments", "export", "everyone", "--shape", "pos", "--out", folder);
    expect(into.code, into.stderr).toBe(0);
    expect(into.events().find((e) => e.type === "export").path).toMatch(/out-folder\/everyone-pos-run\d+\.csv$/);
    writeFileSync(join(dir, "a-file"), "");
    const bad = loyalty("segments", "export", "everyone", "--out", join(dir, "a-file", "list.csv"));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`Cannot write the export to ${join(dir, "a-file", "list.csv")}: a part of the path is a file, not a folder.`);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it("`segments list` marks a broken definition invalid without failing, in the chain's time zone", () => {
    writeFileSync(join(dir, "broken.yaml"), "name: [unclosed\n");
    try {
      const r = loyalty("segments", "list");
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain("ran at (Europe/Moscow)");
      expect(r.stdout).toMatch(/broken +– +never run +invalid: "\(file\)" cannot be parsed/);
      expect(r.stdout).toMatch(/everyone +\d+ +\d\d\.\d\d\.20\d\d, \d\d:\d\d +3 +.* ok/);
      // the fixture's config file shares the segments folder: it is listed as an invalid definition too
      expect(r.stdout).toMatch(/loyalty\.config +– +never run +invalid:/);
      expect(r.stderr).toContain("warning: 2 of 3 segment definition(s) are invalid");
    } finally {
      rmSync(join(dir, "broken.yaml"));
    }
  });

  it("`segments run` runs a name given twice once", () => {
    const runs = loyalty("--json", "segments", "run", "everyone", "everyone").events().filter((e) => e.type === "segment_run");
    expect(runs).toHaveLength(1);
  });

  it("a dry run shows the batches it would take", () => {
    expect(loyalty("sync", "pos", "--dry-run", "--full").stdout).toContain("would send 3 added/changed, 0 removed in 1 batch(es); dry_run");
    expect(loyalty("sync", "crm", "--dry-run").stdout).toContain("would send 3 added/changed, 0 removed in 2 batch(es); dry_run");
  });

  it("the history shows a failed sync's error, --errors its rows; an unknown destination is a usage error", () => {
    const failed = loyalty("sync", "crm");
    expect(failed.code).toBe(6);
    const history = loyalty("sync", "crm", "--history");
    expect(history.stdout).toMatch(/started \(Europe\/Moscow\) +status .* error/);
    expect(history.stdout).toMatch(/failed +0 +0 +2 +0 +POST http:\/\/127\.0\.0\.1:9\/audiences failed/);
    const syncId = loyalty("--json", "sync", "crm", "--history").events().find((e) => e.status === "failed").sync_id;
    const errors = loyalty("--json", "sync", "crm", "--errors", String(syncId)).events();
    expect(errors.map((e) => [e.type, e.member_key])).toEqual([["sync_error", "C0001"], ["sync_error", "C0002"]]);
    expect(errors[0].error).toMatch(/POST http:\/\/127\.0\.0\.1:9\/audiences failed/);
    expect(loyalty("sync", "pos", "--errors", String(syncId)).code).toBe(2);
    const unknown = loyalty("sync", "nosuch", "--history");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('There is no destination "nosuch" in the config (destinations: pos, crm)');
  });

  it("prints errors as one JSON object in JSON mode", () => {
    const r = loyalty("--json", "sync", "nosuch");
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr)).toEqual({ type: "error", message: expect.stringContaining('There is no destination "nosuch"'), exitCode: 2 });
    expect(JSON.parse(loyalty("--json", "segments", "frobnicate").stderr)).toMatchObject({ type: "error", exitCode: 2 });
  });

  it("ends quietly when the reader of its output goes away (`… | head`)", async () => {
    const child = spawn(process.execPath, [BIN, "--config", config, "segments", "preview", "everyone"], { cwd: dir });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const code = await new Promise<number | null>((done) => child.on("exit", (c) => done(c)));
    expect(stderr).not.toContain("EPIPE");
    expect(code).toBe(0);
  });
});
