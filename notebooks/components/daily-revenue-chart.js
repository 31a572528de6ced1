// A slice's revenue day by day, drawn with Plotly so a season, a holiday or a bad week can be zoomed
// into (drag across the days; a double click resets) and each day read by hovering: a thin line per
// day and a bold 7-day moving average (weekdays differ; the average shows the trend). Dates and
// money in the site's locale; Plotly's mode bar is off (its tooltips are English).
import Plotly from "plotly.js-dist-min";
import {chartWidth} from "./chart-width.js";
import {movingAverage} from "./moving-average.js";

export function dailyRevenueChart(days, {width, fmt, height = 280}) {
  width = chartWidth(width);
  const x = days.map((d) => d.day);
  const revenue = days.map((d) => d.revenue);
  const text = days.map((d) => `${fmt.day(d.day)}: ${fmt.money(d.revenue)}, чеков ${fmt.integer(d.receipts)}`);
  const div = document.createElement("div");
  div.className = "plotly-chart";
  Plotly.newPlot(div, [
    {type: "scatter", mode: "lines", x, y: revenue, name: "за день", line: {color: "#4269d0", width: 1}, opacity: 0.4,
      text, hovertemplate: "%{text}<extra></extra>"},
    {type: "scatter", mode: "lines", x, y: movingAverage(revenue), name: "среднее за 7 дней", line: {color: "#4269d0", width: 2.5}, hoverinfo: "skip"},
  ], {
    width, height, margin: {l: 80, r: 10, t: 10, b: 40},
    font: {family: "system-ui, sans-serif", size: 11},
    paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
    separators: fmt.separators,
    hovermode: "closest", dragmode: "zoom",
    legend: {orientation: "h", y: 1.12, x: 0},
    xaxis: {type: "date", tickformat: "%d.%m.%y", hoverformat: "%d.%m.%Y", gridcolor: "#e5e5e5"},
    // the card's title names the figure: an axis title would overlap the money ticks
    yaxis: {rangemode: "tozero", fixedrange: true, gridcolor: "#e5e5e5", tickformat: ",.0f", ticksuffix: ` ${fmt.currencySymbol}`},
  }, {displayModeBar: false, responsive: false});
  return div;
}
