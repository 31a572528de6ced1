// Target against control day by day around a campaign (buyer share or revenue per member), drawn
// with Plotly so the days can be zoomed (drag across the chart; a double click resets) and read by
// hovering: a thin line per day, a bold 7-day moving average, the campaign window shaded and the
// after-window (still measured for money) shaded lighter. Dates and numbers in the site's locale.
import {chartWidth} from "./chart-width.js";
import {dailySeriesLayout, plotlyChart} from "./plotly-chart.js";
import {movingAverage} from "./moving-average.js";

export const ARM_LABELS = {target: "целевая группа", control: "контрольная группа"};
const ARM_COLORS = {target: "#4269d0", control: "#8a8f98"};
const DAY_MS = 86_400_000;

const nextDay = (iso) => new Date(Date.parse(`${iso}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

export function campaignCurvesChart(days, {width, y, label, tickFormat, fmt, campaign, height = 260}) {
  width = chartWidth(width);
  const money = y === "revenue_per_member";
  const traces = ["target", "control"].flatMap((arm) => {
    const rows = days.filter((d) => d.arm === arm);
    const x = rows.map((d) => d.day);
    const text = rows.map((d) => `${ARM_LABELS[arm]}, ${fmt.day(d.day)} (день ${d.day_of_campaign}): ${tickFormat(d[y])}`);
    return [
      {type: "scatter", mode: "lines", x, y: rows.map((d) => d[y]), name: ARM_LABELS[arm], legendgroup: arm, showlegend: false,
        line: {color: ARM_COLORS[arm], width: 1}, opacity: 0.35, text, hovertemplate: "%{text}<extra></extra>"},
      {type: "scatter", mode: "lines", x, y: movingAverage(rows.map((d) => d[y])), name: ARM_LABELS[arm], legendgroup: arm,
        line: {color: ARM_COLORS[arm], width: 2.5}, hoverinfo: "skip"},
    ];
  });
  const shapes = campaign ? [
    {type: "rect", xref: "x", yref: "paper", x0: campaign.start_date, x1: nextDay(campaign.end_date), y0: 0, y1: 1, fillcolor: "#efb118", opacity: 0.18, line: {width: 0}, layer: "below"},
    ...(campaign.window_end > campaign.end_date
      ? [{type: "rect", xref: "x", yref: "paper", x0: nextDay(campaign.end_date), x1: nextDay(campaign.window_end), y0: 0, y1: 1, fillcolor: "#efb118", opacity: 0.07, line: {width: 0}, layer: "below"}]
      : []),
  ] : [];
  return plotlyChart(traces, {
    ...dailySeriesLayout({width, height, marginLeft: 70, xTickFormat: "%d.%m", yaxis: {title: {text: label},
      ...(money ? {tickformat: ",.0f", ticksuffix: ` ${fmt.currencySymbol}`} : {tickformat: ".0%"})}}),
    shapes,
  }, {fmt});
}
