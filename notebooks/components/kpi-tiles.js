// KPI tiles: the value of the period and its change against the previous period and last year.
import {el} from "./dom.js";
import {change} from "./format.js";

export function kpiTiles(tiles, {fmt, labels, formats}) {
  const delta = (value, base, label) => {
    const c = change(value, base);
    const cls = c == null ? "muted" : c >= 0 ? "up" : "down";
    return el("div", {className: `kpi-delta ${cls}`}, `${fmt.signedPercent(c)} ${label}`);
  };
  return el("div", {className: "grid grid-cols-4"},
    tiles.map((t) =>
      el("div", {className: "card kpi-tile", "data-metric": t.metric},
        el("h2", {}, labels[t.metric] ?? t.metric),
        el("span", {className: "big", "data-value": t.value ?? ""}, (formats[t.metric] ?? fmt.decimal)(t.value)),
        delta(t.value, t.prev, "к пред. месяцу"),
        delta(t.value, t.ly, "к прошлому году"))));
}
