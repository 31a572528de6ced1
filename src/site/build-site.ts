/**
 * Builds the static report site from the published snapshot.
 *
 * The snapshot's `current` is resolved once; every data file the pages read (`reports/site-data.ts`)
 * is written from that one snapshot, in this process, into a staged copy of notebooks/; Observable
 * Framework (its own CLI from node_modules, offline) then builds the staged pages into the output
 * folder. A publish during a build cannot mix two snapshots into one site, two builds never share
 * Framework's cache of loader outputs, and no data loader process is started per file (that took
 * about 0.6 s a file).
 *
 * The stage lives under node_modules/.cache so that the pages' bare imports resolve to the project's
 * node_modules; Framework's bundles of those libraries are kept between builds beside it.
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writeSiteData, type SiteDataSettings } from "../../reports/site-data.js";
import { LoyaltyError } from "../errors.js";
import { openSnapshot } from "../snapshot/read-snapshot.js";

/** The project folder: where observablehq.config.ts, notebooks/ and node_modules/ are. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const CACHE = join(PROJECT_ROOT, "node_modules", ".cache", "loyalty-site");
/** Framework's bundles of npm libraries and of its own client: the same for every build. */
const FRAMEWORK_CACHE = join(CACHE, "framework-cache");
/** A stage older than this belongs to a build that was killed. */
const STALE_STAGE_MS = 3_600_000;

export interface SiteBuildOptions {
  /** Output folder (default `dist` in the project). */
  out?: string;
  /** Parent folder of the published snapshots (the one holding `current`). */
  snapshotDir: string;
  settings: SiteDataSettings;
  /** Called with each line Framework prints (it prints a lot; the CLI shows it only on failure). */
  onLine?: (line: string) => void;
  /** Called after each data file is written (before Framework runs). */
  onDataFile?: (file: string) => void | Promise<void>;
}

export interface SiteBuildResult {
  out: string;
  /** The snapshot every data file of the site came from (its folder name). */
  snapshot: string;
  pages: string[];
  bytes: number;
  elapsedMs: number;
}

export class SiteBuildError extends LoyaltyError {}

export async function buildSite(options: SiteBuildOptions): Promise<SiteBuildResult> {
  const started = Date.now();
  const out = resolve(options.out ?? join(PROJECT_ROOT, "dist"));
  const snapshot = openSnapshot(options.snapshotDir); // fails early, naming the folder, when nothing is published
  const bin = join(PROJECT_ROOT, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js");
  if (!existsSync(bin)) throw new SiteBuildError(`Observable Framework is not installed (${bin}); run npm install.`);
  pruneStaleStages();
  const stage = mkdtempSync(join(CACHE, "build-"));
  try {
    const root = join(stage, "root");
    cpSync(join(PROJECT_ROOT, "notebooks"), root, { recursive: true, filter: (src) => !src.includes(".observablehq") });
    restoreFrameworkCache(join(root, ".observablehq", "cache"));
    await writeSiteData(snapshot, options.settings, join(root, "data"), options.onDataFile);
    // Framework clears its output folder only inside the working folder: it builds into the stage,
    // and the previous site in `out` is replaced once the new one is whole
    const built = join(stage, "dist");
    await runFramework(bin, root, built, options.settings.locale, options.onLine);
    keepFrameworkCache(stage, join(root, ".observablehq", "cache"));
    replaceSite(built, out);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  const files = listFiles(out);
  return {
    out,
    snapshot: snapshot.id,
    pages: files.filter((f) => f.endsWith(".html")).map((f) => f.slice(out.length + 1)),
    bytes: files.reduce((sum, f) => sum + statSync(f).size, 0),
    elapsedMs: Date.now() - started,
  };
}

/** A folder a site build wrote (Framework's assets are there), which a new build may replace. */
const isSiteBuild = (dir: string) => existsSync(join(dir, "_observablehq"));

function replaceSite(built: string, out: string): void {
  if (existsSync(out) && readdirSync(out).length > 0) {
    if (!isSiteBuild(out)) throw new SiteBuildError(`${out} holds files that are not a site build: give --out a new or empty folder (nothing was changed).`);
    rmSync(out, { recursive: true, force: true });
  }
  mkdirSync(dirname(out), { recursive: true });
  try {
    renameSync(built, out);
  } catch {
    cpSync(built, out, { recursive: true }); // another file system
  }
}

async function runFramework(bin: string, root: string, out: string, locale: string, onLine?: (line: string) => void): Promise<void> {
  // Framework finds observablehq.config.ts in the working folder (and loads tsx for it only then);
  // the config reads the stage and the output folder from these variables.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LOYALTY_SITE_ROOT: root,
    LOYALTY_SITE_OUT: out,
    LOYALTY_SITE_LOCALE: locale,
    OBSERVABLE_TELEMETRY_DISABLE: "true",
    NO_COLOR: "1",
  };
  const lines: string[] = [];
  const code = await new Promise<number>((done, reject) => {
    const child = spawn(process.execPath, [bin, "build"], { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let pending = "";
    const onData = (chunk: Buffer) => {
      pending += chunk.toString("utf8");
      const parts = pending.split("\n");
      pending = parts.pop() ?? "";
      for (const line of parts) {
        lines.push(line);
        onLine?.(line);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", reject);
    child.on("close", (c) => done(c ?? 1));
  });
  if (code !== 0) throw new SiteBuildError(`The site build failed (exit ${code}):\n${lines.slice(-30).join("\n")}`);
}

/**
 * The cache only saves time, so both directions are best effort: a copy that fails (another build
 * swapping the cache at that moment) leaves no partial cache behind, and Framework bundles anew.
 */
function restoreFrameworkCache(cache: string): void {
  try {
    if (existsSync(FRAMEWORK_CACHE)) cpSync(FRAMEWORK_CACHE, cache, { recursive: true });
  } catch {
    rmSync(cache, { recursive: true, force: true });
  }
}

/** Keeps Framework's library bundles for the next build (the rest of its cache is this build's alone). */
function keepFrameworkCache(stage: string, cache: string): void {
  try {
    const next = join(stage, "framework-cache");
    cpSync(cache, next, { recursive: true, filter: (src) => src !== join(cache, "data") });
    if (existsSync(FRAMEWORK_CACHE)) renameSync(FRAMEWORK_CACHE, join(stage, "framework-cache-old"));
    renameSync(next, FRAMEWORK_CACHE);
  } catch {
    // another build kept its cache at the same moment: theirs will do
  }
}

/** Removes the stages of builds that were killed (a build cleans up its own). */
function pruneStaleStages(): void {
  mkdirSync(CACHE, { recursive: true });
  for (const name of readdirSync(CACHE)) {
    const path = join(CACHE, name);
    if (name.startsWith("build-") && Date.now() - statSync(path).mtimeMs > STALE_STAGE_MS) rmSync(path, { recursive: true, force: true });
  }
}

export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}
