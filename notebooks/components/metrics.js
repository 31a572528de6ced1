// The metric catalogue as the pages use it (data/metrics.json, made from
// models/metrics/metric-catalogue.ts): a metric's label and the formatter of its unit.
export function metricCatalogue(metrics, fmt) {
  const byId = new Map(metrics.map((m) => [m.id, m]));
  const formats = {money: fmt.money2, count: fmt.integer, decimal: fmt.decimal, share: fmt.percent, points: fmt.decimal, ratio: fmt.percent, days: fmt.integer};
  const ticks = {money: fmt.moneyCompact, count: fmt.compact, decimal: fmt.decimal, share: fmt.percent, points: fmt.decimal, ratio: fmt.percent, days: fmt.integer};
  const get = (id) => {
    const m = byId.get(id);
    if (!m) throw new Error(`metric ${id} is not in the catalogue (models/metrics/metric-catalogue.ts)`);
    return m;
  };
  return {
    label: (id) => get(id).label,
    format: (id) => (get(id).unit === "money" && get(id).decimals === 0 ? fmt.money : formats[get(id).unit] ?? fmt.decimal),
    tickFormat: (id) => ticks[get(id).unit] ?? fmt.decimal,
    definition: (id) => get(id).definition,
    all: metrics,
  };
}
