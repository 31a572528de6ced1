// Target against control day by day around a campaign (buyer share or revenue per member), with the
// campaign window shaded and the after-window (still measured for money) shaded lighter.
// Thin lines: each day; bold lines: the 7-day moving average.
import * as Plot from "@observablehq/plot";
import {toDate} from "./format.js";
import {chartWidth} from "./chart-width.js";

export const ARM_LABELS = {target: "целевая группа", control: "контрольная группа"};

export function campaignCurvesChart(days, {width, y, label, tickFormat, fmt, campaign, height = 240}) {
  width = chartWidth(width);
  const rows = days.map((d) => ({...d, date: toDate(d.day), armName: ARM_LABELS[d.arm] ?? d.arm}));
  const nextDay = (iso) => new Date(toDate(iso).getTime() + 86_400_000);
  const windows = campaign ? [
    {x1: toDate(campaign.start_date), x2: nextDay(campaign.end_date), kind: "кампания"},
    ...(campaign.window_end > campaign.end_date ? [{x1: nextDay(campaign.end_date), x2: nextDay(campaign.window_end), kind: "после кампании"}] : []),
  ] : [];
  const dayMonth = new Intl.DateTimeFormat(fmt.locale, {day: "numeric", month: "short", timeZone: "UTC"});
  return Plot.plot({
    width, height, marginLeft: 70,
    x: {type: "utc", label: null, tickFormat: (d) => dayMonth.format(d), ticks: Math.max(3, Math.floor(width / 90))},
    y: {grid: true, label, tickFormat, zero: true},
    color: {legend: true, domain: [ARM_LABELS.target, ARM_LABELS.control], range: ["#4269d0", "#8a8f98"]},
    marks: [
      Plot.rectX(windows, {x1: "x1", x2: "x2", fill: "#efb118", fillOpacity: (w) => (w.kind === "кампания" ? 0.18 : 0.07),
        title: (w) => w.kind}),
      // daily values are noisy for small groups: a faint line per day, a bold 7-day moving average
      Plot.lineY(rows, {x: "date", y, stroke: "armName", strokeWidth: 1, strokeOpacity: 0.3}),
      Plot.lineY(rows, Plot.windowY({k: 7, reduce: "mean", anchor: "end"}, {x: "date", y, z: "armName", stroke: "armName", strokeWidth: 2})),
      Plot.dot(rows, Plot.pointerX({x: "date", y, fill: "armName", r: 3, tip: true,
        title: (d) => `${d.armName}, ${fmt.day(d.day)} (день ${d.day_of_campaign})\n${tickFormat(d[y])}`})),
      Plot.ruleY([0]),
    ],
  });
}
