// Several monthly series in one chart (a line per stage, channel or kind), with a legend.
import * as Plot from "@observablehq/plot";
import {toDate} from "./format.js";
import {chartWidth} from "./chart-width.js";

export function linesChart(data, {width, x = "period_start", y, z, label, tickFormat, fmt, height = 260, band, colorDomain, xIsNumber = false, xLabel = null}) {
  width = chartWidth(width);
  const rows = xIsNumber ? data : data.map((d) => ({...d, __x: toDate(d[x])}));
  const xx = xIsNumber ? x : "__x";
  // a few months of data get a tick per month (quarterly ticks could miss them all)
  const times = xIsNumber ? [] : rows.map((d) => d.__x.getTime());
  const spanMonths = times.length ? (Math.max(...times) - Math.min(...times)) / (30.4 * 86_400_000) : 0;
  const monthTicks = spanMonths <= 8 ? "1 month" : width < 520 ? "6 months" : "3 months";
  return Plot.plot({
    width, height, marginLeft: 70,
    // whole numbers (months since…) get whole ticks in the locale's format
    x: xIsNumber ? {label: xLabel, interval: 1, tickFormat: fmt.integer} : {type: "utc", label: null, tickFormat: fmt.monthShort, ticks: monthTicks},
    y: {grid: true, label, tickFormat, zero: true},
    color: {legend: true, domain: colorDomain},
    marks: [
      ...(band ? [Plot.rectY([band], {x1: rows.length ? rows[0][xx] : 0, x2: rows.length ? rows[rows.length - 1][xx] : 0, y1: "low", y2: "high", fill: "#2e9e5b", fillOpacity: 0.12})] : []),
      Plot.lineY(rows, {x: xx, y, stroke: z, strokeWidth: 1.8, tip: true, title: (d) => `${d[z] ?? ""}\n${tickFormat(d[y])}`}),
    ],
  });
}
