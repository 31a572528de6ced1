// A slice's revenue day by day, drawn with Plotly so a season, a holiday or a bad week can be zoomed
// into (drag across the days; a double click resets) and each day read by hovering: a thin line per
// day and a bold 7-day moving average (weekdays differ; the average shows the trend). Dates and
// money in the site's locale.
import {chartWidth} from "./chart-width.js";
import {dailySeriesLayout, plotlyChart} from "./plotly-chart.js";
import {movingAverage} from "./moving-average.js";

export function dailyRevenueChart(days, {width, fmt, height = 280}) {
  width = chartWidth(width);
  const x = days.map((d) => d.day);
  const revenue = days.map((d) => d.revenue);
  const text = days.map((d) => `${fmt.day(d.day)}: ${fmt.money(d.revenue)}, чеков ${fmt.integer(d.receipts)}`);
  return plotlyChart([
    {type: "scatter", mode: "lines", x, y: revenue, name: "за день", line: {color: "#4269d0", width: 1}, opacity: 0.4,
      text, hovertemplate: "%{text}<extra></extra>"},
    {type: "scatter", mode: "lines", x, y: movingAverage(revenue), name: "среднее за 7 дней", line: {color: "#4269d0", width: 2.5}, hoverinfo: "skip"},
  ], dailySeriesLayout({width, height, marginLeft: 80, xTickFormat: "%d.%m.%y",
    // the card's title names the figure: an axis title would overlap the money ticks
    yaxis: {tickformat: ",.0f", ticksuffix: ` ${fmt.currencySymbol}`}}), {fmt});
}
