// Russian names of the warehouse's codes (registration channels, scopes), falling back to the code.
const CHANNELS = {till: "касса", app: "приложение", site: "сайт", online_form: "онлайн-анкета", wallet: "электронный кошелёк", import: "импорт", other: "другие", "(unknown)": "не указан"};

export const channelName = (code) => CHANNELS[code] ?? code;

export function scopeName(d) {
  if (d.scope === "chain") return "Вся сеть";
  if (d.scope_id === "(none)" || d.scope_id == null) return "без домашнего магазина";
  return d.scope_name ?? d.scope_id;
}
