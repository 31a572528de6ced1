/**
 * A finding of the diagnosis in plain Russian: what moved where, against the chain, how much money
 * that is and whether it is more than noise; the mechanic the domain brief pairs with it, the page
 * that explains it, and the segment that would carry the mechanic.
 */
import { CVM_STAGE_NAMES_RU } from "./cvm-states.js";
import { DIAGNOSIS_METRICS, type DiagnosisMetric, type Finding } from "./diagnose-month.js";
import { REGISTRATION_CHANNEL_NAMES_RU } from "../../src/db/schema.js";
import { NO_PURCHASE_YET, NO_PURCHASE_YET_RU } from "./mart-segment-revenue-factors.js";
import { shippedSegmentLabelsRu } from "./rfm-segment-map.js";

const METRIC_NAMES: Record<DiagnosisMetric, string> = {
  revenue: "выручка", buyers: "покупатели", avg_check: "средний чек", visits_per_buyer: "визиты на покупателя",
  identified_share: "доля чеков с картой", pre_churn_inflow: "доля активных, ушедших в предотток или отток", penetration: "доля покупателей категории",
};

/** The shipped RFM maps' Russian names, read when a sentence first needs them (not at every command's start). */
let rfmNames: Record<string, string> | undefined;
const rfmName = (segment: string) => (rfmNames ??= shippedSegmentLabelsRu())[segment] ?? (segment === NO_PURCHASE_YET ? NO_PURCHASE_YET_RU : segment);
/** Rose and fell, agreeing with the metric's name (a check is masculine, visits plural, the rest a share or revenue). */
const VERBS: Record<DiagnosisMetric, [string, string]> = {
  revenue: ["выросла", "упала"], buyers: ["стало больше", "стало меньше"], avg_check: ["вырос", "упал"], visits_per_buyer: ["выросли", "упали"],
  identified_share: ["выросла", "упала"], pre_churn_inflow: ["выросла", "упала"], penetration: ["выросла", "упала"],
};

const stageName = (code: string) => CVM_STAGE_NAMES_RU[code as keyof typeof CVM_STAGE_NAMES_RU] ?? code;

/** The cell as a reader names it; `storeNames` maps store codes to names. */
export function cellName(dimension: string, cell: string, storeNames: Map<string, string>): string {
  switch (dimension) {
    case "store": return `Магазин «${storeNames.get(cell) ?? cell}»`;
    case "city": return `Город ${cell}`;
    case "home_city": return `Участники из города ${cell}`;
    case "registration_channel": return `Канал регистрации «${REGISTRATION_CHANNEL_NAMES_RU[cell as keyof typeof REGISTRATION_CHANNEL_NAMES_RU] ?? cell}»`;
    case "cvm_stage": return `Стадия «${stageName(cell)}»`;
    case "rfm_segment": return `Сегмент RFM «${rfmName(cell)}»`;
    case "category": return `Категория «${cell}»`;
    case "category_stage": {
      const [category, stage] = cell.split(" × ");
      return `Категория «${category}» у стадии «${stageName(stage)}»`;
    }
    default: return cell;
  }
}

function formatValue(metric: DiagnosisMetric, v: number, currency: string): string {
  const ru = (o: Intl.NumberFormatOptions) => new Intl.NumberFormat("ru-RU", o).format(v);
  switch (metric) {
    case "revenue": case "avg_check": return ru({ style: "currency", currency, maximumFractionDigits: 0 });
    case "buyers": return ru({ maximumFractionDigits: 0 });
    case "visits_per_buyer": return ru({ maximumFractionDigits: 2, minimumFractionDigits: 2 });
    default: return ru({ style: "percent", maximumFractionDigits: 1, minimumFractionDigits: 1 });
  }
}

const PEERS: Record<string, string> = {
  store: "у магазинов", city: "у городов", home_city: "у городов", registration_channel: "у каналов регистрации",
  cvm_stage: "у стадий", rfm_segment: "у сегментов RFM", category: "у категорий", category_stage: "у других стадий в этой категории",
};

/** The typical change of the cell's peers, as a reader says it: «−0,4 п. п.» for a share, «+2,1 %» for a level. */
function typicalChange(f: Finding): string {
  if (DIAGNOSIS_METRICS[f.metric].kind === "share") {
    return `${new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 1, minimumFractionDigits: 1, signDisplay: "exceptZero" }).format(f.reference_change * 100)} п. п.`;
  }
  return new Intl.NumberFormat("ru-RU", { style: "percent", maximumFractionDigits: 1, minimumFractionDigits: 1, signDisplay: "exceptZero" }).format(Math.expm1(f.reference_change));
}

/** One sentence: «Магазин «Тверская»: доля чеков с картой упала с 71,0 % до 35,2 % к прошлому месяцу (обычно у магазинов: −0,4 п. п.); эффект −1,2 млн ₽ выручки — больше обычных колебаний.» */
export function findingSentence(f: Finding, storeNames: Map<string, string>, currency = "RUB"): string {
  const fmt = (v: number) => formatValue(f.metric, v, currency);
  const [up, down] = VERBS[f.metric];
  const verb = f.value > f.base_value ? up : down;
  const what = f.metric === "buyers" ? `${METRIC_NAMES[f.metric]}: ${verb}` : `${METRIC_NAMES[f.metric]} ${verb}`;
  const against = f.comparison === "previous_month" ? "к прошлому месяцу" : "к тому же месяцу прошлого года";
  const money = new Intl.NumberFormat("ru-RU", { style: "currency", currency, notation: "compact", minimumFractionDigits: 0, maximumFractionDigits: 1, signDisplay: "always" }).format(f.impact);
  const verdict = f.significant ? "больше обычных колебаний" : "в пределах обычных колебаний";
  return `${cellName(f.dimension, f.cell, storeNames)}: ${what} с ${fmt(f.base_value)} до ${fmt(f.value)} ${against} (обычно ${PEERS[f.dimension] ?? ""}: ${typicalChange(f)}); эффект ${money} выручки — ${verdict}.`;
}

export interface Advice {
  mechanic: string;
  /** The site page that explains the finding. */
  page: string;
}

/** The mechanic the domain brief pairs with the finding, and where to read more. */
export function findingAdvice(f: Finding): Advice {
  const loss = f.impact < 0;
  if (!loss) return { mechanic: "Рост сильнее сети: разберите, что здесь работает, и перенесите на остальные ячейки.", page: "revenue-change" };
  switch (f.metric) {
    case "identified_share":
      return { mechanic: "Проверьте, предлагают ли кассиры карту; виртуальная карта по номеру телефона; цель кассирам по доле чеков с картой.", page: "programme" };
    case "pre_churn_inflow":
      return { mechanic: "Бонусы с ограниченным сроком действия уходящим участникам здесь: удержать дешевле, чем вернуть.", page: "customers" };
    case "penetration":
      return { mechanic: "Персональное предложение на категорию для этой стадии (купон или повышенный кешбэк); проверьте наличие и цены категории.", page: "assortment" };
    case "avg_check":
      return { mechanic: "Механика «покупка от суммы» с повышенным кешбэком для покупателей этой ячейки.", page: "revenue-change" };
    case "visits_per_buyer":
      return { mechanic: "Бонус за следующий визит в течение 14 дней.", page: "revenue-change" };
    default:
      return { mechanic: "Реактивация: кампания возврата с контрольной группой для покупателей этой ячейки.", page: "revenue-change" };
  }
}
