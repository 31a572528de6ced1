// A grid of cells (RFM scores, cohort × month, stage × stage), coloured by a value, labelled when it fits.
import * as Plot from "@observablehq/plot";
import {chartWidth} from "./chart-width.js";

export function heatmapChart(data, {width, x, y, fill, text, xLabel, yLabel, fillLabel, scheme = "blues", tickFormatX, tickFormatY, height, title, legendFormat, reverseY = false, xDomain, yDomain}) {
  width = chartWidth(width);
  const xs = [...new Set(data.map((d) => d[x]))];
  const ys = [...new Set(data.map((d) => d[y]))];
  const cellWidth = (width - 100) / Math.max(1, xs.length);
  return Plot.plot({
    width, height: height ?? Math.max(160, ys.length * 24 + 60), marginLeft: 100,
    padding: 0.04,
    x: {label: xLabel, tickFormat: tickFormatX, axis: "top", type: "band", domain: xDomain},
    y: {label: yLabel, tickFormat: tickFormatY, type: "band", reverse: reverseY, domain: yDomain},
    color: {scheme, legend: true, label: fillLabel, tickFormat: legendFormat},
    marks: [
      Plot.cell(data, {x, y, fill, inset: 0.5, title}),
      ...(text && cellWidth > 26 ? [Plot.text(data, {x, y, text, fill: "black", fontSize: 10})] : []),
    ],
  });
}
