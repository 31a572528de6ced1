/**
 * `loyalty site build|serve`: the report site. The work is in src/site/: `build` writes the pages'
 * data from the published snapshot and runs Observable Framework offline into `dist/`; `serve`
 * serves the built folder on localhost and prints the URL.
 */
import type { Command } from "commander";
import { join } from "node:path";
import { siteDataSettings } from "../../../reports/site-data.js";
import { buildSite, PROJECT_ROOT, type SiteBuildResult } from "../../site/build-site.js";
import { serveSite, type ServedSite } from "../../site/serve-site.js";
import { UsageError } from "../../errors.js";
import { createContext, type CliContext } from "../context.js";

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
    settings: siteDataSettings(config),
  });
  output.event("site-built", result);
  output.say(
    `Built ${result.pages.length} pages from snapshot ${result.snapshot} into ${result.out}: ${output.number(result.bytes / 1024 / 1024, 1)} MB in ${output.duration(result.elapsedMs)}`,
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
