import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
        broken: { cron: "0 4 * * *", steps: [{ sync: { destination: "nowhere" } }] },
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

  it("a failing step fails the run (exit 1) naming the step and the cause", () => {
    const r = loyalty("run", "broken");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Job broken failed: sync nowhere: There is no destination "nowhere"');
    expect(loyalty("run", "nope").stderr).toContain('There is no job "nope" in the config (jobs: nightly, often, broken)');
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
    expect(stdout).toMatch(/nightly: next run 2\d\.\d\d\.20\d\d, 03:00:00 \(Europe\/Moscow\)/);
    const history = loyalty("schedule", "--history", "50", "--json").events().filter((e) => e.job === "often");
    expect(history.filter((e) => e.status === "ok").length).toBeGreaterThanOrEqual(2);
    expect(history.every((e) => ["ok", "skipped_overlap", "cancelled"].includes(e.status))).toBe(true);
    expect(existsSync(warehouse())).toBe(true);
  });
});
