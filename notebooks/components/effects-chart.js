// The three LMDI effects month by month (stacked bars around zero) with the total change as a dot.
import * as Plot from "@observablehq/plot";
import {toDate} from "./format.js";
import {chartWidth} from "./chart-width.js";

export function effectsChart(rows, {width, fmt, labels, height = 280}) {
  width = chartWidth(width);
  const keys = ["customers_effect", "check_effect", "visits_effect"];
  const long = rows.flatMap((d) => keys.map((k) => ({date: toDate(d.period_start), period_start: d.period_start, effect: labels[k], value: d[k]})));
  const totals = rows.map((d) => ({date: toDate(d.period_start), period_start: d.period_start, change: d.change}));
  // a label every few months, so they never overlap
  const step = Math.max(1, Math.ceil((rows.length * 70) / Math.max(1, width - 80)));
  return Plot.plot({
    width, height, marginLeft: 80,
    x: {type: "band", label: null, tickFormat: (d, i) => (i % step === 0 ? fmt.monthShort(d) : "")},
    y: {grid: true, label: `Вклад в изменение выручки, ${fmt.currencySymbol}`, tickFormat: fmt.moneyCompact},
    color: {legend: true, domain: keys.map((k) => labels[k]), range: ["#4269d0", "#efb118", "#a463f2"]},
    marks: [
      Plot.barY(long, {x: "date", y: "value", fill: "effect", title: (d) => `${fmt.month(d.period_start)}, ${d.effect}: ${fmt.signedMoney(d.value)}`}),
      Plot.dot(totals, {x: "date", y: "change", fill: "black", r: 3, title: (d) => `${fmt.month(d.period_start)}: ${fmt.signedMoney(d.change)}`}),
      Plot.ruleY([0]),
    ],
  });
}
