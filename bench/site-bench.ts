/**
 * The report site's build time and page weight at the demo scale: builds the site from the published
 * snapshot into a temporary folder and weighs what each page loads (its HTML, stylesheets, module
 * preloads and data files; raw and gzip). Not part of `npm test`; run it alone with
 * `npx tsx bench/site-bench.ts` (or call `siteBench` from bench/run.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { siteDataSettings } from "../reports/site-data.js";
import { loadConfig } from "../src/config/config.js";
import { buildSite } from "../src/site/build-site.js";

export interface SitePageWeight {
  page: string;
  files: number;
  bytes: number;
  gzipBytes: number;
}

export interface SiteBenchResult {
  buildMs: number;
  distBytes: number;
  pages: SitePageWeight[];
  totalPageBytes: number;
  totalPageGzipBytes: number;
}

/** What a built page makes the browser fetch, as paths relative to dist. */
function pageAssets(dist: string, page: string): string[] {
  const html = readFileSync(join(dist, page), "utf8");
  const refs = [
    ...html.matchAll(/(?:href|src)="\.\/(_[^"]+)"/g),
    ...html.matchAll(/"path":"\.\/(_[^"]+)"/g),
  ].map((m) => m[1]);
  return [page, ...new Set(refs)];
}

export async function siteBench(config = loadConfig(), log: (line: string) => void = () => {}): Promise<SiteBenchResult> {
  const out = mkdtempSync(join(tmpdir(), "loyalty-site-bench-"));
  try {
    const site = await buildSite({ out, snapshotDir: resolve(config.snapshotDir), settings: siteDataSettings(config) });
    const pages = site.pages.map((page) => {
      const assets = pageAssets(site.out, page);
      let bytes = 0;
      let gzipBytes = 0;
      for (const asset of assets) {
        const data = readFileSync(join(site.out, asset));
        bytes += data.length;
        gzipBytes += gzipSync(data).length;
      }
      return { page, files: assets.length, bytes, gzipBytes };
    });
    const result: SiteBenchResult = {
      buildMs: site.elapsedMs,
      distBytes: site.bytes,
      pages,
      totalPageBytes: pages.reduce((s, p) => s + p.bytes, 0),
      totalPageGzipBytes: pages.reduce((s, p) => s + p.gzipBytes, 0),
    };
    const kb = (n: number) => `${(n / 1024).toFixed(0)} kB`;
    log(`site build: ${(result.buildMs / 1000).toFixed(1)} s, dist ${kb(result.distBytes)}`);
    log("| page | files | bytes | gzip |\n|---|---:|---:|---:|");
    for (const p of pages) log(`| ${p.page} | ${p.files} | ${kb(p.bytes)} | ${kb(p.gzipBytes)} |`);
    return result;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("site-bench.ts")) {
  const result = await siteBench(undefined, (line) => process.stdout.write(`${line}\n`));
  process.stdout.write(`${JSON.stringify({ buildMs: result.buildMs, distBytes: result.distBytes, totalPageBytes: result.totalPageBytes, totalPageGzipBytes: result.totalPageGzipBytes })}\n`);
}
