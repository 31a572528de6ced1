// Horizontal stacked bars: one bar per label (a segment), split by a category (channel, stage), in
// counts or, with `normalize`, as shares of each bar.
import * as Plot from "@observablehq/plot";
import {chartWidth} from "./chart-width.js";

export function stackedBarChart(data, {width, x, y, fill, order, colors, yOrder, label, tickFormat, title, normalize = false, marginLeft, legendFormat}) {
  width = chartWidth(width);
  const ys = yOrder ?? [...new Set(data.map((d) => d[y]))];
  return Plot.plot({
    width, height: Math.max(140, ys.length * 32 + 70), marginLeft: marginLeft ?? Math.min(260, Math.round(width * 0.45)),
    x: {grid: true, label, tickFormat},
    y: {label: null, domain: ys},
    color: {legend: true, domain: order, range: colors, tickFormat: legendFormat},
    marks: [
      Plot.barX(data, Plot.stackX({x, y, fill, order, offset: normalize ? "normalize" : null, title})),
      Plot.ruleX([0]),
    ],
  });
}
