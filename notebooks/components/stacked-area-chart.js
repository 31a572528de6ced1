// Shares over time, stacked to 100% (CVM stages by month end).
import * as Plot from "@observablehq/plot";
import {toDate} from "./format.js";
import {chartWidth} from "./chart-width.js";

export function stackedAreaChart(data, {width, x, y, z, order, fmt, tickFormat, height = 280, label}) {
  width = chartWidth(width);
  const rows = data.map((d) => ({...d, __x: toDate(d[x])}));
  return Plot.plot({
    width, height, marginLeft: 60,
    x: {type: "utc", label: null, tickFormat: fmt.monthShort, ticks: width < 520 ? "6 months" : "3 months"},
    y: {label, tickFormat, grid: true},
    color: {legend: true, domain: order, scheme: "tableau10"},
    marks: [
      Plot.areaY(rows, {x: "__x", y, fill: z, order, title: (d) => `${d[z]}: ${tickFormat(d[y])}`}),
      Plot.ruleY([0]),
    ],
  });
}
