/**
 * Observable Framework configuration of the report site. Built offline: no Google Fonts stylesheet,
 * no search index, and every library is imported from node_modules by bare specifier in the pages.
 * `loyalty site build` builds from a staged copy of notebooks/ with the data files written beside
 * the pages (`LOYALTY_SITE_ROOT`) into the output folder it was given (`LOYALTY_SITE_OUT`).
 */
import { SITE_PAGES } from "./src/site/site-pages.js";

export default {
  root: process.env.LOYALTY_SITE_ROOT || "notebooks",
  output: process.env.LOYALTY_SITE_OUT || "dist",
  title: "Программа лояльности",
  style: "site.css",
  globalStylesheets: [],
  search: false,
  // Framework's own "Contents" and "Next page" are English: the sidebar does their work on a Russian site
  toc: false,
  pager: false,
  // no favicon request (the browser test fails on any 404)
  // the chain's locale, for the CSV downloads (notebooks/components/download.js)
  head: `<link rel="icon" href="data:,"><meta name="loyalty-locale" content="${(process.env.LOYALTY_SITE_LOCALE || "ru-RU").replace(/[^A-Za-z0-9-]/g, "")}">`,
  footer: "loyalty-warehouse · данные из опубликованного снимка витрин (агрегаты, без персональных данных)",
  // the home page (index) is Framework's first entry of its own
  pages: SITE_PAGES.filter((p) => p.path !== "index").map((p) => ({ name: p.title, path: `/${p.path}` })),
};
