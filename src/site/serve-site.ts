/** Serves a built report site on localhost: a small static server (`/page` is `page.html`). */
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { UsageError } from "../errors.js";

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
