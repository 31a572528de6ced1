// A grid of cells (RFM scores, cohort × month, stage × stage), coloured by a value, labelled when it fits.
import * as Plot from "@observablehq/plot";
import {chartWidth} from "./chart-width.js";

export function heatmapChart(data, {width, x, y, fill, text, xLabel, yLabel, fillLabel, scheme = "blues", tickFormatX, tickFormatY, height, title, legendFormat, reverseY = false, xDomain, yDomain, marginLeft = 100}) {
  width = chartWidth(width);
  const xs = [...new Set(data.map((d) => d[x]))];
  const ys = [...new Set(data.map((d) => d[y]))];
  const cellWidth = (width - marginLeft) / Math.max(1, xs.length);
  // numbers on the darkest cells are written in white, so they stay readable
  const values = data.map((d) => d[fill]).filter((v) => v != null);
  const lo = Math.min(...values), hi = Math.max(...values);
  const dark = (d) => hi > lo && (d[fill] - lo) / (hi - lo) > 0.5;
  return Plot.plot({
    width, height: height ?? Math.max(160, ys.length * 24 + 60), marginLeft,
    padding: 0.04,
    x: {label: xLabel, tickFormat: tickFormatX, axis: "top", type: "band", domain: xDomain},
    y: {label: yLabel, tickFormat: tickFormatY, type: "band", reverse: reverseY, domain: yDomain},
    // few legend ticks: long money labels overlap otherwise
    color: {scheme, legend: true, label: fillLabel, tickFormat: legendFormat, ticks: 3, width: 320},
    marks: [
      Plot.cell(data, {x, y, fill, inset: 0.5, title}),
      ...(text && cellWidth > 26 ? [Plot.text(data, {x, y, text, fill: (d) => (dark(d) ? "white" : "black"), fontSize: 10})] : []),
    ],
  });
}
