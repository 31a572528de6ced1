// A link that downloads the table behind a chart as CSV (aggregates only; built in the browser),
// shaped for the spreadsheet of the site's locale: with a decimal comma (ru-RU) the columns are
// separated by ";" and numbers written with a comma, as Russian Excel opens them; a BOM marks UTF-8.
import {el} from "./dom.js";

/** The site's locale, from the page's <meta name="loyalty-locale"> (written by the site build). */
const siteLocale = () => globalThis.document?.querySelector('meta[name="loyalty-locale"]')?.content || "ru-RU";

export function toCsv(rows, locale = siteLocale()) {
  if (!rows?.length) return "";
  const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === "decimal")?.value ?? ".";
  const separator = decimal === "," ? ";" : ",";
  const columns = Object.keys(rows[0]);
  const cell = (v) => {
    if (v == null) return "";
    // a number's decimal mark is never the separator, so numbers need no quotes
    if (typeof v === "number") return String(v).replace(".", decimal);
    const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    return /[",;\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [columns.join(separator), ...rows.map((r) => columns.map((c) => cell(r[c])).join(separator))].join("\n");
}

export function downloadCsv(rows, filename, label = "Скачать таблицу (CSV)") {
  const href = `data:text/csv;charset=utf-8,${encodeURIComponent("\ufeff" + toCsv(rows))}`;
  return el("a", {href, download: filename, className: "download-csv"}, `⤓ ${label}`);
}
