// CVM stage transitions as a Sankey (Plotly, imported from node_modules so the build stays offline):
// stages at the previous month's end on the left, at this month's end on the right, flows sized by
// members; hovering a flow or a stage gives its count. `colors` maps a stage's name to its colour.
import {chartWidth} from "./chart-width.js";
import {plotlyChart} from "./plotly-chart.js";

export function stageSankey(flows, {width, order, colors, fmt, height = 420}) {
  width = chartWidth(width);
  const from = order.filter((s) => flows.some((d) => d.from === s));
  const to = order.filter((s) => flows.some((d) => d.to === s));
  const labels = [...from, ...to];
  const color = (s) => colors.get(s) ?? "#8a8f98";
  return plotlyChart([{
    type: "sankey",
    arrangement: "snap",
    valueformat: ",d",
    node: {label: labels, color: labels.map(color), pad: 14, thickness: 16,
      customdata: labels.map((s, i) => (i < from.length ? "было" : "стало")),
      hovertemplate: "%{label} (%{customdata}): %{value}<extra></extra>"},
    link: {
      source: flows.map((d) => from.indexOf(d.from)),
      target: flows.map((d) => from.length + to.indexOf(d.to)),
      value: flows.map((d) => d.members),
      color: flows.map((d) => `${color(d.from)}55`),
      customdata: flows.map((d) => fmt.integer(d.members)),
      hovertemplate: "%{source.label} → %{target.label}: %{customdata}<extra></extra>",
    },
  }], {width, height, margin: {l: 8, r: 8, t: 8, b: 8}}, {fmt, fontSize: 12});
}
