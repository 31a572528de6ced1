// Predicted against actual purchases per customer in the holdout period, by frequency group
// (the mart holds the group's totals; dividing by its customers makes groups comparable).
import * as Plot from "@observablehq/plot";
import {chartWidth} from "./chart-width.js";

/** The mart's group of every customer is "all". */
const groupName = (g) => (g === "all" ? "все" : g);

export function calibrationChart(data, {width, fmt, height = 280}) {
  width = chartWidth(width);
  const rows = data.flatMap((d) => [
    {group: groupName(d.frequency_group), kind: "факт", value: d.customers ? d.actual / d.customers : 0},
    {group: groupName(d.frequency_group), kind: "прогноз BG/NBD", value: d.customers ? d.predicted / d.customers : 0},
  ]);
  return Plot.plot({
    width, height, marginLeft: 60,
    fx: {label: "покупок в калибровочном периоде", domain: data.map((d) => groupName(d.frequency_group))},
    x: {axis: null, domain: ["факт", "прогноз BG/NBD"]},
    y: {grid: true, label: "покупок на покупателя в отложенном периоде", tickFormat: fmt.decimal},
    color: {legend: true, domain: ["факт", "прогноз BG/NBD"], range: ["#8a8f98", "#4269d0"]},
    marks: [
      Plot.barY(rows, {fx: "group", x: "kind", y: "value", fill: "kind", title: (d) => `${d.group}, ${d.kind}: ${fmt.decimal(d.value)}`}),
      Plot.ruleY([0]),
    ],
  });
}
