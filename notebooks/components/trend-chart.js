// A monthly trend line; the open (incomplete) month is drawn as a hollow dot, not part of the line.
import * as Plot from "@observablehq/plot";
import {toDate} from "./format.js";
import {chartWidth} from "./chart-width.js";

export function trendChart(data, {width, y, label, tickFormat, fmt, height = 220, stroke = "var(--theme-foreground-focus)"}) {
  width = chartWidth(width);
  const rows = data.map((d) => ({...d, date: toDate(d.period_start)}));
  const complete = rows.filter((d) => d.is_complete);
  const open = rows.filter((d) => !d.is_complete);
  return Plot.plot({
    width, height, marginLeft: 70,
    x: {type: "utc", label: null, tickFormat: fmt.monthShort, ticks: width < 520 ? "6 months" : "3 months"},
    y: {grid: true, label, tickFormat, zero: true},
    marks: [
      Plot.lineY(complete, {x: "date", y, stroke, strokeWidth: 2}),
      Plot.dot(complete, {x: "date", y, fill: stroke, r: 2.5, tip: true, title: (d) => `${fmt.month(d.period_start)}\n${tickFormat(d[y])}`}),
      Plot.dot(open, {x: "date", y, stroke, r: 3.5, title: (d) => `${fmt.month(d.period_start)} (неполный)\n${tickFormat(d[y])}`}),
    ],
  });
}
