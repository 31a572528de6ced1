// Uplift of target over control: a dot at the estimate, a bar for its 95% interval, zero marked.
// An interval that crosses zero is grey (not significant); above zero green, below red.
import * as Plot from "@observablehq/plot";
import {chartWidth} from "./chart-width.js";

export function upliftChart(rows, {width, tickFormat, label, height}) {
  width = chartWidth(width);
  const data = rows.filter((d) => d.value != null && d.low != null && d.high != null)
    .map((d) => ({...d, kind: d.low > 0 ? "рост" : d.high < 0 ? "падение" : "не значимо"}));
  const extent = Math.max(...data.flatMap((d) => [Math.abs(d.low), Math.abs(d.high)]), 1e-9) * 1.15;
  return Plot.plot({
    width, height: height ?? Math.max(100, data.length * 40 + 60), marginLeft: 30, marginRight: 30, marginTop: 30,
    x: {grid: true, label, tickFormat, domain: [-extent, extent]},
    y: {axis: null, domain: data.map((d) => d.metric)},
    color: {domain: ["рост", "не значимо", "падение"], range: ["#2e9e5b", "#8a8f98", "#d4483b"]},
    marks: [
      Plot.ruleX([0], {stroke: "black", strokeDasharray: "3,3"}),
      Plot.ruleY(data, {y: "metric", x1: "low", x2: "high", stroke: "kind", strokeWidth: 3}),
      Plot.dot(data, {y: "metric", x: "value", fill: "kind", r: 6,
        title: (d) => `${d.metric}: ${tickFormat(d.value)} (95 %: ${tickFormat(d.low)} … ${tickFormat(d.high)})`}),
      Plot.text(data, {y: "metric", x: "value", text: (d) => tickFormat(d.value), dy: -14, fontSize: 12, fontWeight: "bold"}),
    ],
  });
}
