// A link that downloads the table behind a chart as CSV (aggregates only; built in the browser).
import {el} from "./dom.js";

export function toCsv(rows) {
  if (!rows?.length) return "";
  const columns = Object.keys(rows[0]);
  const cell = (v) => {
    if (v == null) return "";
    const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    return /[",;\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [columns.join(","), ...rows.map((r) => columns.map((c) => cell(r[c])).join(","))].join("\n");
}

export function downloadCsv(rows, filename, label = "Скачать таблицу (CSV)") {
  const href = `data:text/csv;charset=utf-8,${encodeURIComponent("\ufeff" + toCsv(rows))}`;
  return el("a", {href, download: filename, className: "download-csv"}, `⤓ ${label}`);
}
