/**
 * The diagnosis of the month against the truth, as a user runs it: the same sample chain generated
 * twice (6,000 customers, 6 stores, 450 days, seed 11), once with the three problems the generator
 * plants in its last month (_truth.json: a store whose identification drops, a city whose frequent
 * buyers stop, the loyal who stop buying a category) and once without; ingest, build, `diagnose`.
 * Every planted problem must be ranked among the first five findings against the previous month, as
 * more than noise; on the chain without them nothing may be.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlantedProblem } from "../ingest/sample-chain/plant-problems.js";
import type { DiagnosisRow } from "../models/marts/mart-diagnosis.js";

const BIN = join(import.meta.dirname, "../bin/loyalty.js");
let dir: string;

function loyalty(chain: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, "--json", "--config", join(dir, `${chain}.config.json`), ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  if (r.status !== 0) throw new Error(`loyalty ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return r.stdout.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as { type: string } & Record<string, unknown>);
}

function diagnosis(chain: string): DiagnosisRow[] {
  const event = loyalty(chain, "diagnose").find((e) => e.type === "diagnosis")!;
  expect(event.month).toBe("2026-10");
  return event.findings as DiagnosisRow[];
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "diagnosis-"));
  for (const chain of ["planted", "clean"]) {
    writeFileSync(join(dir, `${chain}.config.json`), JSON.stringify({ warehouse: join(dir, `${chain}.duckdb`), segments: { dir: join(dir, `${chain}-segments`) } }));
    loyalty(chain, "generate", "--customers", "6000", "--stores", "6", "--days", "450", "--seed", "11", "--out", join(dir, chain), ...(chain === "clean" ? ["--no-problems"] : []));
    loyalty(chain, "ingest", join(dir, chain));
    loyalty(chain, "build");
  }
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the diagnosis of the month", () => {
  it("ranks every planted problem among the first five findings against the previous month, each more than noise", () => {
    const planted = (JSON.parse(readFileSync(join(dir, "planted", "_truth.json"), "utf8")) as { planted_problems: PlantedProblem[] }).planted_problems;
    expect(planted.map((p) => p.kind)).toEqual(["identification", "preChurn", "penetration"]);
    const top = diagnosis("planted").filter((f) => f.comparison === "previous_month" && f.rank <= 5);
    for (const p of planted) {
      const found = top.find((f) => f.dimension === p.dimension && f.cell === p.cell);
      expect(found, `${p.kind}: ${p.dimension} ${p.cell}`).toMatchObject({ metric: p.metric, significant: true, explained_by: null });
      // a loss, said in a sentence that names the cell
      expect(found!.impact).toBeLessThan(0);
      expect(found!.sentence).toMatch(/больше обычных колебаний\.$/);
    }
  });

  it("flags nothing as more than noise on the same chain generated without the problems", () => {
    const findings = diagnosis("clean");
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.filter((f) => f.significant).map((f) => f.sentence)).toEqual([]);
  });

  it("turns the first finding into a segment that runs like the shipped ones", () => {
    const [written] = loyalty("planted", "diagnose", "--segment", "1").filter((e) => e.type === "segment_written");
    expect(written).toMatchObject({ name: "diagnosis-2026-10-1" });
    const run = loyalty("planted", "segments", "run", "diagnosis-2026-10-1").find((e) => e.type === "segment_run")!;
    expect(run).toMatchObject({ segment: "diagnosis-2026-10-1" });
    expect(Number(run.members)).toBeGreaterThan(0);
  });
});
