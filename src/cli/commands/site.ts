/**
 * `loyalty site build|serve`: the report site. The work is in src/site/ (through src/app/): `build`
 * writes the pages' data from the published snapshot and runs Observable Framework offline into
 * `dist/`; `serve` serves the built folder on localhost and prints the URL.
 */
import type { Command } from "commander";
import { buildReportSite, type SiteBuildOptions } from "../../app/build-report-site.js";
import { serveReportSite } from "../../app/serve-report-site.js";
import type { SiteBuildResult } from "../../site/build-site.js";
import type { ServedSite } from "../../site/serve-site.js";
import { createContext } from "../context.js";
import type { Output } from "../output.js";
import { portNumber } from "../parse-options.js";

interface ServeCommandOptions {
  dir?: string;
  port?: string;
  host?: string;
}

export function registerSite(program: Command): void {
  const site = program.command("site").description("the report site: build it from the published snapshot, serve it on localhost");
  site
    .command("build")
    .description("build the static report site (Observable Framework, offline) into dist/")
    .option("--out <dir>", "output folder (default: dist)")
    .action(async (options: SiteBuildOptions, command: Command) => {
      const { config, output, events } = createContext(command.optsWithGlobals());
      printSiteBuilt(output, await buildReportSite(config, options, events));
    });
  site
    .command("serve")
    .description("serve the built site on localhost and print its URL")
    .option("--dir <dir>", "the built site (default: dist)")
    .option("--port <port>", "port (0 picks a free one; default 3000, or a free one when 3000 is taken)")
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .action(async (options: ServeCommandOptions, command: Command) => {
      const { output, events } = createContext(command.optsWithGlobals());
      const served = await serveReportSite({ dir: options.dir, port: portNumber(options.port), host: options.host }, events);
      printSiteServed(output, served);
      await new Promise<void>((done) => {
        const stop = () => void served.close().then(done);
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
  for (const command of site.commands) command.exitOverride();
}

export function printSiteBuilt(output: Output, result: SiteBuildResult): void {
  output.say(
    `Built ${result.pages.length} pages from snapshot ${result.snapshot} into ${result.out}: ${output.number(result.bytes / 1024 / 1024, 1)} MB in ${output.duration(result.elapsedMs)}`,
  );
}

export function printSiteServed(output: Output, served: ServedSite): void {
  output.say(`The report site is at ${served.url} (Ctrl+C stops it)`);
  // quiet mode prints the URL alone, for a script to read
  if (output.mode === "quiet") process.stdout.write(`${served.url}\n`);
}
