// Russian names for the Segments page: message channels, CVM stages, and the "(none)" bucket of a
// segment's composition; plus the channel colours (unreachable members in grey).
export const CHANNELS = [
  {key: "reach_push", name: "push-уведомление", color: "#4269d0"},
  {key: "reach_messenger", name: "мессенджер", color: "#3ca951"},
  {key: "reach_email", name: "e-mail", color: "#efb118"},
  {key: "reach_sms", name: "SMS", color: "#ff725c"},
  {key: "unreachable", name: "недоступны", color: "#b8b8b8"},
];

export const STAGES = {registered_no_purchase: "без покупок", new: "новички", developing: "развивающиеся", loyal: "лояльные",
  pre_churn: "предотток", churned: "отток", won_back: "вернувшиеся"};

export const STAGE_ORDER = [...Object.keys(STAGES), "(none)"];

export function stageName(code) {
  return code === "(none)" ? "нет данных" : STAGES[code] ?? code;
}

/** RFM segments arrive named in Russian by the report (from the segment map); members without purchases have none. */
export function rfmName(code) {
  return code === "(none)" ? "нет покупок (без RFM)" : code;
}
