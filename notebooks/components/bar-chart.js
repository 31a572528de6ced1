// Horizontal bars of one value per label (segments, stores, reasons), sorted by value.
import * as Plot from "@observablehq/plot";
import {chartWidth} from "./chart-width.js";

export function barChart(data, {width, x, y, label, tickFormat, fill = "var(--theme-foreground-focus)", marginLeft = 200, title, sort = true}) {
  width = chartWidth(width);
  // small counts (a few quarantined rows): one tick per unit, never "1, 1, 2"
  const values = data.map((d) => (typeof x === "function" ? x(d) : d[x]));
  const max = Math.max(0, ...values);
  const ticks = values.every(Number.isInteger) && max <= 10 ? Math.max(1, max) : undefined;
  return Plot.plot({
    width, height: Math.max(120, data.length * 24 + 50), marginLeft,
    x: {grid: true, label, tickFormat, ticks},
    y: {label: null},
    marks: [
      Plot.barX(data, {x, y, fill, sort: sort ? {y: "-x"} : undefined, title}),
      Plot.ruleX([0]),
    ],
  });
}
