// A campaign's money as a waterfall from zero: reward cost and message cost (down), incremental
// margin (up or down), then the net result. Without a margin rate only the costs are drawn.
import * as Plot from "@observablehq/plot";
import {chartWidth} from "./chart-width.js";

export function moneySteps(c) {
  const steps = [];
  let level = 0;
  const add = (label, value) => {
    steps.push({step: label, value, y1: level, y2: level + value, kind: value >= 0 ? "up" : "down"});
    level += value;
  };
  add("Стоимость наград", -(c.reward_cost ?? 0));
  add("Стоимость сообщений", -(c.message_cost ?? 0));
  if (c.incremental_margin != null) add("Дополнительная маржа", c.incremental_margin);
  steps.push({step: c.incremental_margin != null ? "Итог" : "Итог без маржи", value: level, y1: 0, y2: level, kind: "total"});
  return steps;
}

export function moneyWaterfallChart(steps, {width, fmt, height = 280}) {
  width = chartWidth(width);
  const ys = steps.flatMap((s) => [s.y1, s.y2]);
  const lo = Math.min(0, ...ys);
  const hi = Math.max(0, ...ys);
  const pad = (hi - lo) * 0.15 || 1;
  return Plot.plot({
    width, height, marginLeft: 80,
    x: {domain: steps.map((s) => s.step), label: null, padding: 0.3},
    y: {grid: true, label: fmt.currencySymbol, domain: [lo - pad, hi + pad], tickFormat: fmt.moneyCompact},
    color: {domain: ["total", "up", "down"], range: ["#8a8f98", "#2e9e5b", "#d4483b"]},
    marks: [
      Plot.barY(steps, {x: "step", y1: "y1", y2: "y2", fill: "kind", title: (s) => `${s.step}: ${fmt.signedMoney(s.value)}`}),
      Plot.text(steps, {x: "step", y: (s) => Math.max(s.y1, s.y2), dy: -8, text: (s) => fmt.signedMoney(s.value), fontSize: 11}),
      Plot.ruleY([0]),
    ],
  });
}
