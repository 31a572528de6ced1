// How the site draws with Plotly: a transparent chart in the site's font and the locale's number
// separators, without Plotly's mode bar (its tooltips are English). Daily series share one layout:
// drag across days to zoom (a double click resets), the value axis fixed from zero.
import Plotly from "plotly.js-dist-min";

export function plotlyChart(traces, layout, {fmt, fontSize = 11}) {
  const div = document.createElement("div");
  div.className = "plotly-chart";
  Plotly.newPlot(div, traces, {
    font: {family: "system-ui, sans-serif", size: fontSize},
    paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
    separators: fmt.separators,
    ...layout,
  }, {displayModeBar: false, responsive: false, locale: fmt.locale});
  return div;
}

export function dailySeriesLayout({width, height, marginLeft, xTickFormat, yaxis}) {
  return {
    width, height, margin: {l: marginLeft, r: 10, t: 10, b: 40},
    hovermode: "closest", dragmode: "zoom",
    legend: {orientation: "h", y: 1.12, x: 0},
    xaxis: {type: "date", tickformat: xTickFormat, hoverformat: "%d.%m.%Y", gridcolor: "#e5e5e5"},
    yaxis: {rangemode: "tozero", fixedrange: true, gridcolor: "#e5e5e5", ...yaxis},
  };
}
