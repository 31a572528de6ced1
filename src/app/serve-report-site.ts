/** Serves the built report site on localhost: `loyalty site serve` and `npm start`. Needs no config: it serves files. */
import { join } from "node:path";
import { PROJECT_ROOT } from "../site/build-site.js";
import { serveSite, type ServedSite } from "../site/serve-site.js";
import type { AppEvents } from "./app-events.js";

export interface SiteServeOptions {
  /** The built site (default: dist). */
  dir?: string;
  /** 0 picks a free port; default 3000, or a free one when 3000 is taken. */
  port?: number;
  host?: string;
}

export async function serveReportSite(options: SiteServeOptions, events: AppEvents): Promise<ServedSite> {
  const dir = options.dir ?? join(PROJECT_ROOT, "dist");
  let served: ServedSite;
  try {
    served = await serveSite(dir, { port: options.port ?? 3000, host: options.host });
  } catch (err) {
    // the default port is taken: any free port will do (a port asked for explicitly is not replaced)
    if (options.port !== undefined || (err as NodeJS.ErrnoException).code !== "EADDRINUSE") throw err;
    served = await serveSite(dir, { port: 0, host: options.host });
  }
  events.event("site-served", { url: served.url });
  return served;
}
