// CVM stage transitions as a Sankey (Plotly, imported from node_modules so the build stays offline):
// stages at the previous month's end on the left, at this month's end on the right, flows sized by
// members; hovering a flow or a stage gives its count. Plotly's mode bar is off: its tooltips are
// English, and dragging a node or hovering needs none of it.
import Plotly from "plotly.js-dist-min";
import {chartWidth} from "./chart-width.js";

const STAGE_COLORS = {"без покупок": "#9aa0a6", "новички": "#4269d0", "развивающиеся": "#6cc5b0", "лояльные": "#3ca951",
  "предотток": "#efb118", "отток": "#d4483b", "вернувшиеся": "#a463f2"};

export function stageSankey(flows, {width, order, fmt, height = 420}) {
  width = chartWidth(width);
  const from = order.filter((s) => flows.some((d) => d.from === s));
  const to = order.filter((s) => flows.some((d) => d.to === s));
  const labels = [...from, ...to];
  const color = (s) => STAGE_COLORS[s] ?? "#8a8f98";
  const div = document.createElement("div");
  div.className = "plotly-chart";
  Plotly.newPlot(div, [{
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
  }], {
    width, height, margin: {l: 8, r: 8, t: 8, b: 8},
    font: {family: "system-ui, sans-serif", size: 12},
    paper_bgcolor: "rgba(0,0,0,0)",
    separators: fmt.separators,
  }, {displayModeBar: false, responsive: false, locale: fmt.locale});
  return div;
}
