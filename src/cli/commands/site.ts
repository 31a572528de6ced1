/**
 * `loyalty site build|serve`: the report site. `build` runs Observable Framework's own CLI from
 * node_modules (no network: every library the pages use is bundled from node_modules) into `dist/`;
 * its data loaders read the published snapshot through reports/. `serve` serves the built folder on
 * localhost with a small static server and prints the URL.
 */
import type { Command } from "commander";
import { spawn } from "node:child_process";
import { createReadStream, existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { delimiter, dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { LoyaltyError, UsageError } from "../../errors.js";
import { openSnapshot } from "../../snapshot/read-snapshot.js";
import { createContext, type CliContext } from "../context.js";

/** The project folder: where observablehq.config.ts, notebooks/ and node_modules/ are. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

export interface SiteBuildOptions {
  /** Output folder (default `dist` in the project). */
  out?: string;
  /** Parent folder of the published snapshots (the one holding `current`). */
  snapshotDir: string;
  /**
   * The config file the data loaders read (e.g. `segments.publishOffersOnSite`), as `--config` gave it
   * (default: what they find themselves: an inherited `LOYALTY_CONFIG`, else loyalty.config.* in the project).
   */
  configPath?: string;
  /** The chain's number and date formats, passed on to the pages (default: the config the loaders find). */
  locale?: string;
  currency?: string;
  timeZone?: string;
  /** Called with each line Framework prints (it prints a lot; the CLI shows it only on failure). */
  onLine?: (line: string) => void;
}

export interface SiteBuildResult {
  out: string;
  pages: string[];
  bytes: number;
  elapsedMs: number;
}

export class SiteBuildError extends LoyaltyError {
  constructor(message: string) {
    super(message);
  }
}

export async function buildSite(options: SiteBuildOptions): Promise<SiteBuildResult> {
  const started = Date.now();
  const out = resolve(options.out ?? join(PROJECT_ROOT, "dist"));
  const snapshotDir = resolve(options.snapshotDir);
  openSnapshot(snapshotDir); // fails early, naming the folder, when nothing is published
  // Loader outputs are cached by Framework next to the pages; the data must come from this snapshot.
  rmSync(join(PROJECT_ROOT, "notebooks", ".observablehq", "cache", "data"), { recursive: true, force: true });
  const bin = join(PROJECT_ROOT, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js");
  if (!existsSync(bin)) throw new SiteBuildError(`Observable Framework is not installed (${bin}); run npm install.`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // the .ts loaders run through `tsx`, found on the PATH
    PATH: [join(PROJECT_ROOT, "node_modules", ".bin"), process.env.PATH ?? ""].join(delimiter),
    LOYALTY_SITE_OUT: out,
    LOYALTY_SNAPSHOT_DIR: snapshotDir,
    OBSERVABLE_TELEMETRY_DISABLE: "true",
    NO_COLOR: "1",
  };
  if (options.configPath) env.LOYALTY_CONFIG = resolve(options.configPath);
  if (options.locale) env.LOYALTY_LOCALE = options.locale;
  if (options.currency) env.LOYALTY_CURRENCY = options.currency;
  if (options.timeZone) env.LOYALTY_TIME_ZONE = options.timeZone;
  const lines: string[] = [];
  const code = await new Promise<number>((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bin, "build"], {
      cwd: PROJECT_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let pending = "";
    const onData = (chunk: Buffer) => {
      pending += chunk.toString("utf8");
      const parts = pending.split("\n");
      pending = parts.pop() ?? "";
      for (const line of parts) {
        lines.push(line);
        options.onLine?.(line);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", reject);
    child.on("close", (c) => resolvePromise(c ?? 1));
  });
  if (code !== 0) {
    throw new SiteBuildError(`The site build failed (exit ${code}):\n${lines.slice(-30).join("\n")}`);
  }
  const files = listFiles(out);
  return {
    out,
    pages: files.filter((f) => f.endsWith(".html")).map((f) => f.slice(out.length + 1)),
    bytes: files.reduce((sum, f) => sum + statSync(f).size, 0),
    elapsedMs: Date.now() - started,
  };
}

export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".arrow": "application/vnd.apache.arrow.file",
  ".parquet": "application/octet-stream",
};

export interface ServedSite {
  url: string;
  server: Server;
  close: () => Promise<void>;
}

/** Serves a built site folder on localhost; `/page` is `page.html`, `/` is `index.html`. Port 0 picks a free port. */
export function serveSite(dir: string, { port = 3000, host = "127.0.0.1" }: { port?: number; host?: string } = {}): Promise<ServedSite> {
  const root = resolve(dir);
  if (!existsSync(join(root, "index.html"))) throw new UsageError(`No built site in ${root}. Run \`npx loyalty site build\` first.`);
  const server = createServer((req, res) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    } catch {
      res.writeHead(400).end("bad request");
      return;
    }
    const candidates = path.endsWith("/") ? [path + "index.html"] : [path, path + ".html", path + "/index.html"];
    for (const candidate of candidates) {
      const file = normalize(join(root, candidate));
      if (file !== root && !file.startsWith(root + sep)) break;
      if (existsSync(file) && statSync(file).isFile()) {
        res.writeHead(200, {
          "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
          "cache-control": candidate.includes("/_") ? "public, max-age=31536000, immutable" : "no-cache",
        });
        createReadStream(file).pipe(res);
        return;
      }
    }
    const notFound = join(root, "404.html");
    res.writeHead(404, { "content-type": "text/html; charset=utf-8" });
    if (existsSync(notFound)) createReadStream(notFound).pipe(res);
    else res.end("not found");
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address();
      const actualPort = typeof address === "object" && address ? address.port : port;
      resolvePromise({
        url: `http://${host === "0.0.0.0" ? "localhost" : host}:${actualPort}/`,
        server,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

interface BuildCommandOptions {
  out?: string;
}

interface ServeCommandOptions {
  dir?: string;
  port?: string;
  host?: string;
}

export async function runSiteBuild(ctx: CliContext, options: BuildCommandOptions = {}): Promise<SiteBuildResult> {
  const { config, output } = ctx;
  output.say(`Building the report site from ${config.snapshotDir}/current …`);
  const result = await buildSite({
    out: options.out,
    snapshotDir: config.snapshotDir,
    configPath: ctx.configPath,
    locale: config.locale,
    currency: config.currency,
    timeZone: config.timeZone,
  });
  output.event("site-built", result);
  output.say(
    `Built ${result.pages.length} pages into ${result.out}: ${output.number(result.bytes / 1024 / 1024, 1)} MB in ${output.duration(result.elapsedMs)}`,
  );
  return result;
}

export async function runSiteServe(ctx: CliContext, options: ServeCommandOptions = {}): Promise<ServedSite> {
  const port = options.port === undefined ? 3000 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${options.port}: use a port number`);
  const dir = options.dir ?? join(PROJECT_ROOT, "dist");
  let served: ServedSite;
  try {
    served = await serveSite(dir, { port, host: options.host });
  } catch (err) {
    // the default port is taken: any free port will do (a port asked for explicitly is not replaced)
    if (options.port !== undefined || (err as NodeJS.ErrnoException).code !== "EADDRINUSE") throw err;
    served = await serveSite(dir, { port: 0, host: options.host });
  }
  ctx.output.event("site-served", { url: served.url });
  ctx.output.say(`The report site is at ${served.url} (Ctrl+C stops it)`);
  if (ctx.output.mode === "quiet") process.stdout.write(`${served.url}\n`);
  return served;
}

export function registerSite(program: Command): void {
  const site = program.command("site").description("the report site: build it from the published snapshot, serve it on localhost");
  site
    .command("build")
    .description("build the static report site (Observable Framework, offline) into dist/")
    .option("--out <dir>", "output folder (default: dist)")
    .action(async (options: BuildCommandOptions, command: Command) => {
      await runSiteBuild(createContext(command.optsWithGlobals()), options);
    });
  site
    .command("serve")
    .description("serve the built site on localhost and print its URL")
    .option("--dir <dir>", "the built site (default: dist)")
    .option("--port <port>", "port (0 picks a free one; default 3000, or a free one when 3000 is taken)")
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .action(async (options: ServeCommandOptions, command: Command) => {
      const served = await runSiteServe(createContext(command.optsWithGlobals()), options);
      await new Promise<void>((done) => {
        const stop = () => void served.close().then(done);
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
  for (const command of site.commands) command.exitOverride();
}
