// A waterfall: revenue of the base period, the three LMDI effects, revenue of the period. The axis
// starts at zero, so bars compare truthfully (the effects' sizes are written on them); step labels
// wrap onto lines of their own so they do not pile up on a narrow screen.
import * as Plot from "@observablehq/plot";
import {chartWidth} from "./chart-width.js";

export function waterfallChart(row, {width, fmt, labels, height = 300}) {
  width = chartWidth(width);
  const steps = [];
  let level = row.revenue_base;
  steps.push({label: labels.base, y1: 0, y2: level, kind: "total", value: level});
  for (const key of ["customers_effect", "check_effect", "visits_effect"]) {
    const v = row[key];
    steps.push({label: labels[key], y1: level, y2: level + v, kind: v >= 0 ? "up" : "down", value: v});
    level += v;
  }
  steps.push({label: labels.revenue, y1: 0, y2: row.revenue, kind: "total", value: row.revenue});
  const hi = Math.max(...steps.flatMap((s) => [s.y1, s.y2]));
  const lo = Math.min(0, ...steps.flatMap((s) => [s.y1, s.y2]));
  const color = {domain: ["total", "up", "down"], range: ["#8a8f98", "#2e9e5b", "#d4483b"]};
  const title = (s) => `${s.label}: ${s.kind === "total" ? fmt.money(s.value) : fmt.signedMoney(s.value)}`;
  const valueText = (s) => (s.kind === "total" ? fmt.moneyCompact(s.value) : (s.value >= 0 ? "+" : "") + fmt.moneyCompact(s.value));
  if (width < 520) {
    // a phone: the steps run down the screen, each label on its own row, each value beside its bar
    return Plot.plot({
      width, height: steps.length * 46 + 40, marginLeft: 110, marginRight: 70,
      y: {domain: steps.map((s) => s.label), label: null, padding: 0.25},
      // the values are written beside the bars; an axis this narrow would only crowd them
      x: {axis: null, domain: [lo, hi * 1.02]},
      color,
      marks: [
        Plot.axisY({label: null, lineWidth: 9, tickSize: 0}),
        Plot.barX(steps, {y: "label", x1: "y1", x2: "y2", fill: "kind", title}),
        Plot.text(steps, {y: "label", x: (s) => Math.max(s.y1, s.y2), dx: 4, textAnchor: "start", text: valueText, fontSize: 11}),
      ],
    });
  }
  // a label gets about as many ems as its column is wide, so long names break onto lines
  const lineWidth = Math.max(4, (width - 80) / steps.length / 8);
  return Plot.plot({
    width, height, marginLeft: 80, marginBottom: 44,
    x: {domain: steps.map((s) => s.label), label: null, padding: 0.3, axis: null},
    y: {grid: true, label: "Выручка", domain: [lo, hi * 1.08], tickFormat: fmt.moneyCompact},
    color,
    marks: [
      Plot.axisX({label: null, lineWidth, tickSize: 0}),
      Plot.barY(steps, {x: "label", y1: "y1", y2: "y2", fill: "kind", clip: true, title}),
      Plot.text(steps, {x: "label", y: (s) => Math.max(s.y1, s.y2), dy: -8, text: valueText, fontSize: 11}),
    ],
  });
}
