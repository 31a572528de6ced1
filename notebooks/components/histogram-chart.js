// A histogram from pre-binned counts (bin_start, bin_end, members).
import * as Plot from "@observablehq/plot";
import {chartWidth} from "./chart-width.js";

export function histogramChart(bins, {width, fmt, xLabel, yLabel, height = 240}) {
  width = chartWidth(width);
  return Plot.plot({
    width, height, marginLeft: 60,
    x: {label: xLabel, domain: [0, 1], tickFormat: fmt.percent},
    y: {grid: true, label: yLabel, tickFormat: fmt.integer},
    marks: [
      Plot.rectY(bins, {x1: "bin_start", x2: "bin_end", y: "members", fill: "var(--theme-foreground-focus)", inset: 0.5,
        title: (d) => `${fmt.percent(d.bin_start)}–${fmt.percent(d.bin_end)}: ${fmt.integer(d.members)}`}),
      Plot.ruleY([0]),
    ],
  });
}
