/**
 * A finding of the diagnosis of the month as a target segment: the members of the cell where the
 * problem lives, with the offer of the mechanic the finding suggests (`npx loyalty diagnose --segment
 * <rank>` writes it into the segments folder; run it like any other). A cell segments cannot select
 * (a registration channel: members carry no such field) is refused with the reason.
 */
import { stringify } from "yaml";
import type { DiagnosisRow } from "../models/marts/mart-diagnosis.js";
import { UsageError } from "../src/errors.js";
import { parseSegmentDefinition } from "./load-segments.js";
import type { Condition, SegmentDefinition } from "./segment-definition.js";

const OFFERS: Record<string, (cell: string) => { text: string; validDays: number }> = {
  identified_share: () => ({ text: "Покажите карту на кассе — двойные бонусы за покупку", validDays: 14 }),
  pre_churn_inflow: () => ({ text: "Бонусы к следующей покупке — действуют 10 дней", validDays: 10 }),
  penetration: (category) => ({ text: `Повышенный кешбэк на «${category}» две недели`, validDays: 14 }),
  avg_check: () => ({ text: "Покупка от суммы — повышенный кешбэк", validDays: 7 }),
  visits_per_buyer: () => ({ text: "Бонус за следующий визит в течение 14 дней", validDays: 14 }),
  revenue: () => ({ text: "Мы скучаем: бонусы к следующей покупке", validDays: 14 }),
  buyers: () => ({ text: "Мы скучаем: бонусы к следующей покупке", validDays: 14 }),
};

/** Members who bought the category in the last 90 days but not in the last 30. */
const lapsedFrom = (category: string): Condition[] => [
  { field: "category_visits", lastDays: 90, category, gt: 0 },
  { not: { field: "category_visits", lastDays: 30, category, gt: 0 } },
];

function cellCondition(f: DiagnosisRow, storesOf: (city: string) => string[]): Condition[] {
  const recentBuyers: Condition = { field: "purchases", lastDays: 90, gt: 0 };
  switch (f.dimension) {
    case "store":
      return [{ field: "home_store_id", eq: f.cell }, recentBuyers];
    case "city":
    case "home_city": {
      const stores = storesOf(f.cell);
      if (stores.length === 0) throw new UsageError(`finding ${f.rank}: no store is in ${f.cell}, so no member's home store can select it`);
      const atRisk: Condition[] = f.metric === "pre_churn_inflow" ? [{ field: "cvm_stage", in: ["pre_churn"] }] : [recentBuyers];
      return [{ field: "home_store_id", in: stores }, ...atRisk];
    }
    case "cvm_stage":
      return [{ field: "cvm_stage", eq: f.cell }];
    case "rfm_segment":
      // the segment members are in now (the finding grouped them by the one they were in at the month's start)
      return [{ field: "rfm_segment", eq: f.cell }];
    case "category":
      return lapsedFrom(f.cell);
    case "category_stage": {
      const [category, stage] = f.cell.split(" × ");
      return [{ field: "cvm_stage", eq: stage }, ...lapsedFrom(category)];
    }
    default:
      throw new UsageError(`finding ${f.rank} is about a ${f.dimension.replace("_", " ")}, which members carry no field for: a segment cannot select it`);
  }
}

/** The definition, validated like a marketer's file. */
export function segmentFromFinding(f: DiagnosisRow, storesOf: (city: string) => string[]): SegmentDefinition {
  const month = f.period_start.slice(0, 7);
  const name = `diagnosis-${month}-${f.rank}`;
  const offer = OFFERS[f.metric](f.dimension === "category_stage" ? f.cell.split(" × ")[0] : f.cell);
  const conditions = cellCondition(f, storesOf);
  return parseSegmentDefinition({
    name,
    // the sentence opens with the cell's name
    title: `Диагноз ${month}, №${f.rank}: ${f.sentence.slice(0, f.sentence.indexOf(":"))}`,
    description: `${f.sentence} ${f.mechanic}`,
    where: conditions.length === 1 ? conditions[0] : { all: conditions },
    suppressContactedWithinDays: 7,
    offer: { code: `DIAG${month.replace("-", "")}N${f.rank}`, text: offer.text, validDays: offer.validDays },
  }, name);
}

/** The definition as the YAML file a marketer would have written. */
export function segmentYaml(definition: SegmentDefinition): string {
  return `# Written by \`npx loyalty diagnose --segment\`: edit freely, then \`npx loyalty segments run ${definition.name}\`.\n${stringify(definition)}`;
}
