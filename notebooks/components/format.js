// Number and date formats of the chain's locale (ru-RU and RUB for the sample chain), built on Intl.
export function formatters({locale = "ru-RU", currency = "RUB"} = {}) {
  const nf = (options) => new Intl.NumberFormat(locale, options);
  const money = nf({style: "currency", currency, maximumFractionDigits: 0});
  const money2 = nf({style: "currency", currency, minimumFractionDigits: 2, maximumFractionDigits: 2});
  const moneyCompact = nf({style: "currency", currency, notation: "compact", maximumFractionDigits: 1});
  const integer = nf({maximumFractionDigits: 0});
  const decimal = nf({minimumFractionDigits: 2, maximumFractionDigits: 2});
  const compact = nf({notation: "compact", maximumFractionDigits: 1});
  const percent = nf({style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1});
  const signedPercent = nf({style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: "exceptZero"});
  const signedMoney = nf({style: "currency", currency, maximumFractionDigits: 0, signDisplay: "exceptZero"});
  const monthLong = new Intl.DateTimeFormat(locale, {month: "long", year: "numeric", timeZone: "UTC"});
  const monthShort = new Intl.DateTimeFormat(locale, {month: "short", year: "2-digit", timeZone: "UTC"});
  const day = new Intl.DateTimeFormat(locale, {day: "numeric", month: "short", year: "numeric", timeZone: "UTC"});
  const ok = (f) => (x) => (x == null || Number.isNaN(x) ? "—" : f.format(x));
  return {
    locale,
    currency,
    // the currency's sign in the locale (₽, £, €), for axis and column labels
    currencySymbol: money.formatToParts(0).find((p) => p.type === "currency")?.value ?? currency,
    // the locale's decimal and group separators, in the order Plotly's layout.separators wants them
    // (", " in ru-RU, whose group separator is a no-break space; ".," in en-GB)
    separators: ["decimal", "group"].map((type) => nf({}).formatToParts(12345.5).find((p) => p.type === type)?.value ?? "").join("").replace(/\u00a0|\u202f/g, " "),
    money: ok(money),
    money2: ok(money2),
    moneyCompact: ok(moneyCompact),
    integer: ok(integer),
    decimal: ok(decimal),
    compact: ok(compact),
    percent: ok(percent),
    signedPercent: ok(signedPercent),
    signedMoney: ok(signedMoney),
    // dates travel as "YYYY-MM-DD" calendar days of the chain; shown in UTC so they never shift
    month: (iso) => (iso ? monthLong.format(toDate(iso)) : "—"),
    monthShort: (d) => (d ? monthShort.format(d instanceof Date ? d : toDate(d)) : ""),
    day: (iso) => (iso ? day.format(toDate(iso)) : "—"),
  };
}

export function toDate(iso) {
  return new Date(`${String(iso).slice(0, 10)}T00:00:00Z`);
}

/** Relative change, or null when the base is missing or zero. */
export function change(value, base) {
  return value == null || base == null || base === 0 ? null : value / base - 1;
}
