/**
 * The built site in a real browser (Debian's Chromium driven by playwright-core; no browser is
 * downloaded): every page loads with no console error and no failed request, every chart drew its
 * marks, the overview's revenue for the last complete month is the warehouse's, and a screenshot of
 * each page lands in test/screenshots/ (git-ignored). Skipped only where /usr/bin/chromium is missing.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Warehouse } from "../../src/db/warehouse.js";
import { serveSite, type ServedSite } from "../../src/site/serve-site.js";
import { SITE_PAGES } from "../../src/site/site-pages.js";
import { openSnapshot } from "../../src/snapshot/read-snapshot.js";
import { builtChain, type BuiltChain } from "./built-chain.js";

const CHROMIUM = "/usr/bin/chromium";
/**
 * Latin words a Russian page may show: abbreviations and proper names of methods and channels.
 * Identifiers (file names, commands, column and segment ids) are shown as code or carry a `.`, `_`,
 * `/` or digit, and are not words.
 */
const LATIN_ALLOWED = new Set(["CSV", "LMDI", "CVM", "RFM", "R", "F", "M", "SMS", "e-mail", "E-mail", "push", "Push", "UTC", "ROI", "p", "CLV", "P", "alive",
  "Gamma-Gamma", "BG", "NBD", "Excel", "XLSX", "ID",
  // the sample chain's tier codes and margin classes, shown as its feeds send them (a chain's own codes are its words)
  "basic", "silver", "gold", "high", "medium", "low"]);
const PAGES = SITE_PAGES.map((p) => p.path);
const SCREENSHOTS = join(import.meta.dirname, "..", "screenshots");

describe.skipIf(!existsSync(CHROMIUM))("the report site in Chromium", () => {
  let chain: BuiltChain;
  let served: ServedSite;
  let browser: Browser;
  /** Whether the snapshot has segment runs; without them the Segments page shows a note and no chart. */
  let segmentRuns = false;

  beforeAll(async () => {
    chain = await builtChain();
    segmentRuns = openSnapshot(chain.snapshotDir).tables.some((t) => t.table === "segment_runs" && t.rows > 0);
    served = await serveSite(chain.site.out, { port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  async function open(page: string) {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    tab.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
    tab.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    tab.on("requestfailed", (r) => problems.push(`failed request: ${r.url()} ${r.failure()?.errorText ?? ""}`));
    tab.on("response", (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
    // the site works offline: nothing is asked of any other server (a CDN, fonts, map topologies)
    tab.on("request", (r) => { if (!r.url().startsWith(served.url) && !/^(data|blob|about):/.test(r.url())) problems.push(`off-site request: ${r.url()}`); });
    await tab.goto(served.url + (page === "index" ? "" : page), { waitUntil: "networkidle" });
    // charts render once their data arrives; wait until the page has settled
    await tab.waitForFunction(() => !document.querySelector(".observablehq--loading"), undefined, { timeout: 15_000 });
    return { tab, problems };
  }

  /** The first row a query over the built chain's snapshot returns (`scan` names a published table). */
  async function firstSnapshotRow<T>(sql: (scan: (table: string) => string) => string): Promise<T> {
    const snapshot = openSnapshot(chain.snapshotDir);
    const wh = await Warehouse.open(":memory:", { threads: 1 });
    try {
      return (await wh.all<T>(sql((table) => snapshot.scan(table))))[0];
    } finally {
      await wh.close();
    }
  }

  it.each(PAGES)("%s loads cleanly and draws every chart", async (page) => {
    const { tab, problems } = await open(page);
    try {
      // a page that imports Plotly (4.7 MB) runs its cells only once the module is in: on a busy
      // machine that is after the network is idle, so wait for the first chart before counting them
      const drawsCharts = !SITE_PAGES.some((p) => p.path === page && "charts" in p && p.charts === false) && !(page === "segments" && !segmentRuns);
      if (drawsCharts) await tab.waitForFunction(() => document.querySelector("#observablehq-main svg g[aria-label]"), undefined, { timeout: 30_000 });
      const charts = await tab.evaluate(() => {
        // Plot's chart SVGs (legends are SVGs too, but have no mark groups)
        const svgs = [...document.querySelectorAll("#observablehq-main svg")].filter((s) => s.querySelector("g[aria-label]"));
        return svgs.map((svg) => ({
          label: svg.closest(".card")?.querySelector("h2")?.textContent ?? "",
          marks: [...svg.querySelectorAll("g[aria-label]")]
            .filter((g) => !/axis|tick|grid|label/.test(g.getAttribute("aria-label") ?? ""))
            .reduce((n, g) => n + g.querySelectorAll("rect, path, circle, line, text").length, 0),
        }));
      });
      const rendered = await tab.evaluate(() => [...document.querySelectorAll(".observablehq--error")].map((e) => e.textContent));
      const latin = await tab.evaluate(() => {
        const main = document.querySelector("#observablehq-main")!.cloneNode(true) as HTMLElement;
        main.querySelectorAll("code, pre, style, script").forEach((e) => e.remove());
        // text node by text node: a legend's "e-mail" and "SMS" are two words, not "e-mailSMS"
        const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
        const texts: string[] = [];
        while (walker.nextNode()) texts.push(walker.currentNode.textContent ?? "");
        return [...texts.join(" ").matchAll(/(?<![\w./\-])[A-Za-z]+(?:[-'][A-Za-z]+)*(?![\w./\-])/g)].map((m) => m[0]);
      });
      expect([...new Set(latin.filter((w) => !LATIN_ALLOWED.has(w)))], "English words on a Russian page").toEqual([]);
      await tab.screenshot({ path: join(SCREENSHOTS, `${page}.png`), fullPage: true });
      expect(problems).toEqual([]);
      expect(rendered).toEqual([]);
      if (page === "segments" && !segmentRuns) {
        // a snapshot published before any segment run: a note in place of every chart, and no error
        expect(charts).toEqual([]);
        expect(await tab.locator(".note-empty").first().textContent()).toMatch(/нет запусков сегментов/);
        return;
      }
      if (page === "segments") {
        // the till's offers are a download that works (the file is served)
        const href = await tab.locator('a[download="segment-offers.csv"]').getAttribute("href");
        const offers = await tab.evaluate(async (url) => (await fetch(url!)).text(), href);
        expect(offers.replace(/^\uFEFF/, "").split("\n")[0]).toBe("segment;card_number;offer_code;valid_from;valid_to");
      }
      if (SITE_PAGES.some((p) => p.path === page && "charts" in p && p.charts === false)) return;
      expect(charts.length, "charts on the page").toBeGreaterThan(0);
      for (const chart of charts) expect(chart.marks, `marks in "${chart.label}"`).toBeGreaterThan(0);
    } finally {
      await tab.close();
    }
  });

  it("shows the warehouse's revenue for the last complete month on the overview", async () => {
    const expected = await firstSnapshotRow<{ revenue: number }>((scan) => `SELECT revenue::DOUBLE AS revenue FROM ${scan("mart_kpi")}
      WHERE grain = 'month' AND scope = 'chain' AND audience = 'all' AND is_complete ORDER BY period_start DESC LIMIT 1`);
    const { tab } = await open("index");
    try {
      const tile = tab.locator('[data-metric="revenue"] .big');
      expect(Number(await tile.getAttribute("data-value"))).toBeCloseTo(expected.revenue, 6);
      const shown = new Intl.NumberFormat("ru-RU", { style: "currency", currency: "RUB", maximumFractionDigits: 0 }).format(expected.revenue);
      expect(await tile.textContent()).toBe(shown);
    } finally {
      await tab.close();
    }
  });

  it("draws the stage transitions as an interactive Plotly Sankey, from node_modules (no request leaves the site)", async () => {
    const { tab, problems } = await open("customers");
    try {
      await tab.waitForSelector(".plotly-chart .sankey-link", { timeout: 15_000 });
      const flows = await tab.locator(".plotly-chart .sankey-link").count();
      expect(flows, "flows drawn").toBeGreaterThan(5);
      expect(await tab.locator(".plotly-chart .sankey-node").count(), "stages drawn").toBeGreaterThan(5);
      // hovering a flow names it and counts its members
      await tab.locator(".plotly-chart .sankey-link").first().hover({ force: true });
      await tab.waitForFunction(() => /→ .+: \d/.test(document.querySelector(".plotly-chart .hoverlayer")?.textContent ?? ""), undefined, { timeout: 5_000 });
      const plotlyScripts = await tab.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name).filter((n) => n.includes("plotly")));
      expect(plotlyScripts.length, "Plotly served by the site").toBeGreaterThan(0);
      for (const url of plotlyScripts) expect(url.startsWith(served.url), url).toBe(true);
      expect(problems).toEqual([]); // no off-site request among them
    } finally {
      await tab.close();
    }
  });

  /** Dragging across the middle third of a Plotly daily chart narrows its days from both ends. */
  async function expectZoomByDragging(tab: Page, chart: Locator): Promise<void> {
    const range = () => chart.evaluate((div) => (div as HTMLElement & { _fullLayout: { xaxis: { range: string[] } } })._fullLayout.xaxis.range
      .map((d) => Date.parse(String(d).replace(" ", "T"))));
    const before = await range();
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.locator(".nsewdrag").boundingBox())!;
    await tab.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await tab.mouse.down();
    await tab.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 8 });
    await tab.mouse.up();
    await tab.waitForTimeout(300);
    const after = await range();
    expect(after[0]).toBeGreaterThan(before[0]);
    expect(after[1]).toBeLessThan(before[1]);
  }

  /** The page's first Plotly chart, once drawn. */
  async function firstPlotlyChart(tab: Page): Promise<Locator> {
    const chart = tab.locator(".plotly-chart").first();
    await chart.locator(".nsewdrag").waitFor({ timeout: 15_000 });
    return chart;
  }

  it("lets a campaign's daily curves be zoomed: dragging across the days narrows them", async () => {
    const { tab, problems } = await open("campaigns");
    try {
      const chart = await firstPlotlyChart(tab);
      expect(await chart.locator(".scatterlayer .trace").count(), "daily and 7-day lines of both groups").toBe(4);
      await expectZoomByDragging(tab, chart);
      expect(problems).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it("draws the chain's revenue day by day on the overview, every day of mart_kpi, zoomable", async () => {
    const expected = await firstSnapshotRow<{ days: number; first: string; last: string }>((scan) => `SELECT count(*)::INT AS days, strftime(min(period_start), '%Y-%m-%d') AS first,
      strftime(max(period_start), '%Y-%m-%d') AS last FROM ${scan("mart_kpi")} WHERE grain = 'day' AND scope = 'chain' AND audience = 'all'`);
    const { tab, problems } = await open("index");
    try {
      const chart = await firstPlotlyChart(tab);
      const drawn = await chart.evaluate((div) => (div as HTMLElement & { data: { x: string[] }[] }).data[0].x);
      expect({ days: drawn.length, first: drawn[0], last: drawn.at(-1) }).toEqual(expected);
      await expectZoomByDragging(tab, chart);
      expect(problems).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it("draws the chosen store's demand by weekday and hour: a cell for every hour of mart_store_hours, its busiest hour as the mart has it", async () => {
    const store = await firstSnapshotRow<{ name: string; cells: number; hour: number; per_week: number }>((scan) => `SELECT s.name, count(*) OVER ()::INT AS cells, h.hour, h.receipts_per_week AS per_week
      FROM ${scan("mart_store_hours")} h JOIN ${scan("dim_stores")} s ON s.store_id = h.scope_id
      WHERE h.scope = 'store' AND s.name = (SELECT min(name) FROM ${scan("dim_stores")} WHERE store_id IN (SELECT scope_id FROM ${scan("mart_store_hours")}))
      ORDER BY h.receipts_per_week DESC, h.weekday, h.hour LIMIT 1`);
    const { tab, problems } = await open("stores");
    try {
      await tab.locator("select").first().selectOption({ label: `Магазин: ${store.name}` });
      await tab.waitForFunction((name) => [...document.querySelectorAll(".card h2")].some((h) => h.textContent?.endsWith(name)), store.name, { timeout: 10_000 });
      // the heat map is the page's only chart of cells; each cell's title gives its hour and receipts a week
      const cells = tab.locator('#observablehq-main g[aria-label="cell"] rect');
      expect(await cells.count()).toBe(store.cells);
      const titles = await cells.evaluateAll((rects) => rects.map((r) => r.querySelector("title")?.textContent ?? ""));
      const perWeek = new Intl.NumberFormat("ru-RU", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(store.per_week);
      expect(titles.some((t) => t.includes(`${store.hour}:00–${store.hour + 1}:00: ${perWeek} чеков`))).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it("makes the overview's tiles and their download follow the slice chosen", async () => {
    const store = await firstSnapshotRow<{ name: string; revenue: number; receipts: number }>((scan) => `SELECT s.name, k.revenue::DOUBLE AS revenue, k.receipts::DOUBLE AS receipts
      FROM ${scan("mart_kpi")} k JOIN ${scan("dim_stores")} s ON s.store_id = k.scope_id
      WHERE k.grain = 'month' AND k.scope = 'store' AND k.audience = 'all' AND k.period_start = (
        SELECT max(period_start) FROM ${scan("mart_kpi")} WHERE grain = 'month' AND scope = 'chain' AND is_complete)
      ORDER BY s.name LIMIT 1`);
    const { tab, problems } = await open("index");
    try {
      await tab.locator("select").first().selectOption({ label: `Магазин: ${store.name}` });
      await tab.waitForFunction((v) => document.querySelector('[data-metric="revenue"] .big')?.getAttribute("data-value") === String(v), store.revenue, { timeout: 10_000 });
      expect(Number(await tab.locator('[data-metric="receipts"] .big').getAttribute("data-value"))).toBe(store.receipts);
      const href = await tab.locator('a[download="kpi-tiles.csv"]').getAttribute("href");
      const csv = await tab.evaluate(async (url) => (await fetch(url!)).text(), href);
      const lines = csv.replace(/^\uFEFF/, "").split("\n");
      expect(lines[0]).toBe("Показатель;Значение;Предыдущий месяц;Год назад");
      expect(lines[1].split(";").slice(0, 2)).toEqual(["Выручка", String(store.revenue).replace(".", ",")]);
      expect(problems).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});
