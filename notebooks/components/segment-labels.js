// Names for the Customers and Segments pages. The stage and channel names come from
// data/code-names.json (declared once in the TypeScript: models/marts/cvm-states.ts,
// segments/channel-cascade.ts); what is here is presentation: the reach and stage colours
// (unreachable members in grey) and the names of the buckets the pages add.
const CHANNEL_COLORS = ["#4269d0", "#3ca951", "#efb118", "#ff725c"];
const STAGE_COLORS = {registered_no_purchase: "#9aa0a6", new: "#4269d0", developing: "#6cc5b0", loyal: "#3ca951",
  pre_churn: "#efb118", churned: "#d4483b", won_back: "#a463f2"};

/** Reach columns of the segments report, each with its channel's name and colour, then the unreachable. */
export function reachChannels(codeNames) {
  return [
    ...codeNames.channels.map((c, i) => ({key: `reach_${c.code}`, name: c.name, color: CHANNEL_COLORS[i % CHANNEL_COLORS.length]})),
    {key: "unreachable", name: "недоступны", color: "#b8b8b8"},
  ];
}

/** Stage codes in the lifecycle's order, then "(none)" (members without a stage). */
export function stageOrder(codeNames) {
  return [...codeNames.stages.map((s) => s.code), "(none)"];
}

/** Each stage's name → its colour (a stage without one is drawn grey). */
export function stageColors(codeNames) {
  return new Map(codeNames.stages.map((s) => [s.name, STAGE_COLORS[s.code]]));
}

/** A function naming a stage code. */
export function stageNamer(codeNames) {
  const names = new Map(codeNames.stages.map((s) => [s.code, s.name]));
  return (code) => (code === "(none)" ? "нет данных" : names.get(code) ?? code);
}

/** RFM segments arrive named in Russian by the report (from the segment map); members without purchases have none. */
export function rfmName(code) {
  return code === "(none)" ? "нет покупок (без RFM)" : code;
}
