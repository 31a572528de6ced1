// Russian names of the warehouse's codes (registration channels, scopes, the portrait's and churn's codes), falling back to the code.

/** A function naming a registration channel: the names from data/code-names.json (src/db/schema.ts), and the buckets reports add. */
export function channelNamer(codeNames) {
  const names = new Map([...codeNames.registration_channels.map((c) => [c.code, c.name]), ["other", "другие"], ["(unknown)", "не указан"]]);
  return (code) => names.get(code) ?? code;
}

export function scopeName(d) {
  if (d.scope === "chain") return "Вся сеть";
  if (d.scope_id === "(none)" || d.scope_id == null) return "без домашнего магазина";
  return d.scope_name ?? d.scope_id;
}

// The portrait's codes (mart_portrait): gender as the profile gives it, age bands, an unknown city.
const GENDERS = {f: "женщины", m: "мужчины", unknown: "не указан"};
export const genderName = (code) => GENDERS[code] ?? "другое";
/** Each gender's name → its colour, in the order the portrait draws them. */
export const GENDER_COLORS = new Map([["женщины", "#ff725c"], ["мужчины", "#4269d0"], ["другое", "#a463f2"], ["не указан", "#b8b8b8"]]);
export const ageBandName = (band) => (band === "unknown" ? "не указан" : band === "<18" ? "до 18" : band);
export const cityName = (city) => (city === "unknown" ? "не указан" : city);

/** ISO weekdays, 1 = Monday. */
export const WEEKDAYS = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"];
export const weekdayName = (iso) => WEEKDAYS[iso - 1];

/** A target's verdict: met, missed, or not judged (no target, too few receipts, a month not over). */
export const verdictName = (met) => (met == null ? "—" : met ? "выполнено" : "не выполнено");

/** The churn breakdowns of mart_churn_drivers and their members' codes. */
const CHURN_SCOPES = {home_store: "Домашний магазин", registration_channel: "Канал регистрации", tier: "Уровень на начало месяца", entry_category: "Категория первой покупки"};
export const churnScopeName = (scope) => CHURN_SCOPES[scope] ?? scope;
export function churnGroupName(d, channelName) {
  if (d.scope === "registration_channel") return channelName(d.scope_id);
  if (d.scope === "home_store") return d.scope_id === "(none)" ? "без домашнего магазина" : d.scope_name;
  if (d.scope === "entry_category") return d.scope_id === "(none)" ? "без покупок" : d.scope_id === "(unknown)" ? "не указана" : d.scope_id;
  return d.scope_id === "(none)" ? "без уровня" : d.scope_id;
}
