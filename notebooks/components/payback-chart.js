// The programme's months as bars around zero: what it cost below the axis, what it brought above,
// each stacked by part, and the month's net as a line of dots. A part that is unknown (null) is not
// drawn, so an empty month means "not known", never 0. A negative cost (the liability fell) stands
// above the axis, as the saving it is.
import * as Plot from "@observablehq/plot";
import {toDate} from "./format.js";
import {chartWidth} from "./chart-width.js";

/**
 * `bars`: {period_start, part, value} with costs negative; `nets`: {period_start, kind, value};
 * `order` names the parts and then the nets, `colors` colour them in that order.
 */
export function paybackChart(bars, nets, {width, fmt, order, colors, height = 320}) {
  width = chartWidth(width);
  const month = (d) => toDate(d.period_start);
  // a net's dot sits in the middle of its month's bar
  const middle = (d) => new Date(month(d).getTime() + 15 * 86_400_000);
  const drawn = bars.filter((d) => d.value != null && d.value !== 0);
  const lines = nets.filter((d) => d.value != null);
  return Plot.plot({
    width, height, marginLeft: 80,
    x: {type: "utc", label: null, tickFormat: fmt.monthShort, ticks: width < 520 ? "6 months" : "3 months"},
    y: {grid: true, label: fmt.currencySymbol, tickFormat: fmt.moneyCompact},
    color: {legend: true, domain: order, range: colors},
    marks: [
      Plot.rectY(drawn, {x: month, interval: "month", y: "value", fill: "part", order, inset: 1,
        title: (d) => `${fmt.month(d.period_start)}, ${d.part}: ${fmt.signedMoney(d.value)}`}),
      Plot.ruleY([0]),
      Plot.lineY(lines, {x: middle, y: "value", z: "kind", stroke: "kind", strokeWidth: 1.5}),
      Plot.dot(lines, {x: middle, y: "value", fill: "kind", r: 3, title: (d) => `${fmt.month(d.period_start)}, ${d.kind}: ${fmt.signedMoney(d.value)}`}),
    ],
  });
}
