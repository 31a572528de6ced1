/**
 * The metric catalogue: one declaration per figure the warehouse shows — its id, where it lives (a
 * mart's column, for one audience), its unit, its Russian and English label and a one-paragraph
 * definition. mart_kpi computes its columns from the `aggregate` given here; the site's tiles, chart
 * labels, table headers and CSV downloads and the glossary page («Как считаются показатели») read the
 * labels and definitions from here (published as `metrics.json`).
 *
 * Two numbers never share a label: each variant that must exist (all buyers or programme members,
 * net of returns or sales only) is its own metric with its own label.
 */

export type MetricUnit = "money" | "count" | "decimal" | "share" | "points" | "ratio" | "days";
/** Whose purchases a figure counts: every receipt, or programme members' (receipts with a card). */
export type MetricAudience = "all_buyers" | "members";

export interface MetricDefinition {
  id: string;
  label: { ru: string; en: string };
  /** One paragraph: what is counted, over what, and what is left out. */
  definition: { ru: string; en: string };
  audience: MetricAudience;
  unit: MetricUnit;
  /** Decimals shown (money: whole units unless 2 are given, as for averages). */
  decimals?: 0 | 2;
  /** Where the number lives: a mart's column, and the rows of the mart that hold it. */
  source: { mart: string; column: string; where?: string };
  /**
   * For mart_kpi's own columns: the aggregate over its day × store sums (revenue, revenue_gross,
   * returns_net, receipts, items, discounts, bonus_earned, bonus_spent, with is_identified).
   */
  aggregate?: string;
}

const kpi = (column: string, audience: MetricAudience = "all_buyers") => ({
  mart: "mart_kpi",
  column,
  where: `audience = '${audience === "members" ? "members" : "all"}'`,
});

export const METRICS = [
  {
    id: "revenue",
    label: { ru: "Выручка", en: "Revenue" },
    definition: {
      ru: "Сумма всех чеков периода за вычетом возвратов (чек возврата уменьшает выручку дня, когда его пробили), все покупатели — с картой и без.",
      en: "All receipts of the period net of returns (a return lowers the revenue of the day it was rung up), all buyers, with a card or without.",
    },
    audience: "all_buyers", unit: "money", source: kpi("revenue"), aggregate: "sum(revenue)",
  },
  {
    id: "revenue_gross",
    label: { ru: "Выручка от продаж (без вычета возвратов)", en: "Sales revenue (before returns)" },
    definition: { ru: "Сумма чеков продаж периода; возвраты не вычитаются. Все покупатели.", en: "Sales receipts of the period; returns are not subtracted. All buyers." },
    audience: "all_buyers", unit: "money", source: kpi("revenue_gross"), aggregate: "sum(revenue_gross)",
  },
  {
    id: "returns",
    label: { ru: "Возвраты", en: "Returns" },
    definition: { ru: "Сумма чеков возврата периода (положительное число). Все покупатели.", en: "Return receipts of the period, as a positive amount. All buyers." },
    audience: "all_buyers", unit: "money", source: kpi("returns"), aggregate: "-sum(returns_net)",
  },
  {
    id: "receipts",
    label: { ru: "Чеки", en: "Receipts" },
    definition: { ru: "Число чеков продаж периода; чеки возврата не считаются. Все покупатели.", en: "Sales receipts of the period; return receipts are not counted. All buyers." },
    audience: "all_buyers", unit: "count", source: kpi("receipts"), aggregate: "sum(receipts)",
  },
  {
    id: "avg_check",
    label: { ru: "Средний чек", en: "Average check" },
    definition: {
      ru: "Выручка за вычетом возвратов, делённая на число чеков продаж. Все покупатели — с картой и без.",
      en: "Revenue net of returns divided by the number of sales receipts. All buyers, with a card or without.",
    },
    audience: "all_buyers", unit: "money", decimals: 2, source: kpi("avg_check"), aggregate: "sum(revenue) / nullif(sum(receipts), 0)",
  },
  {
    id: "items_per_receipt",
    label: { ru: "Товаров в чеке", en: "Items per receipt" },
    definition: { ru: "Число товаров в чеках продаж, делённое на число этих чеков. Все покупатели.", en: "Items in sales receipts divided by the number of those receipts. All buyers." },
    audience: "all_buyers", unit: "decimal", source: kpi("items_per_receipt"), aggregate: "sum(items) / nullif(sum(receipts), 0)",
  },
  {
    id: "avg_item_price",
    label: { ru: "Средняя цена товара", en: "Average item price" },
    definition: { ru: "Выручка от продаж (без вычета возвратов), делённая на число проданных товаров. Все покупатели.", en: "Sales revenue (before returns) divided by the items sold. All buyers." },
    audience: "all_buyers", unit: "money", decimals: 2, source: kpi("avg_item_price"), aggregate: "sum(revenue_gross) / nullif(sum(items), 0)",
  },
  {
    id: "active_members",
    label: { ru: "Активные участники", en: "Active members" },
    definition: {
      ru: "Участники программы хотя бы с одной покупкой (чеком продажи с их картой) в периоде; каждый считается один раз.",
      en: "Programme members with at least one purchase (a sales receipt with their card) in the period, each counted once.",
    },
    audience: "members", unit: "count", source: kpi("active_members"),
  },
  {
    id: "purchase_frequency",
    label: { ru: "Частота покупок участника", en: "Member purchase frequency" },
    definition: { ru: "Чеки продаж участников, делённые на число активных участников периода.", en: "Members' sales receipts divided by the period's active members." },
    audience: "members", unit: "decimal", source: kpi("purchase_frequency"),
  },
  {
    id: "identified_receipt_share",
    label: { ru: "Доля чеков с картой", en: "Share of receipts with a card" },
    definition: { ru: "Чеки продаж, к которым привязана карта участника, от всех чеков продаж.", en: "Sales receipts with a member's card, of all sales receipts." },
    audience: "all_buyers", unit: "share", source: kpi("identified_receipt_share"),
    aggregate: "coalesce(sum(receipts) FILTER (WHERE is_identified), 0) / nullif(sum(receipts), 0)",
  },
  {
    id: "identified_revenue_share",
    label: { ru: "Доля выручки с картой", en: "Share of revenue with a card" },
    definition: { ru: "Выручка (за вычетом возвратов) чеков с картой участника от всей выручки.", en: "Revenue (net of returns) of receipts with a member's card, of all revenue." },
    audience: "all_buyers", unit: "share", source: kpi("identified_revenue_share"),
    aggregate: "sum(revenue) FILTER (WHERE is_identified) / nullif(sum(revenue), 0)",
  },
  {
    id: "discounts",
    label: { ru: "Скидки", en: "Discounts" },
    definition: { ru: "Сумма скидок в чеках периода. Все покупатели.", en: "Discounts given in the period's receipts. All buyers." },
    audience: "all_buyers", unit: "money", source: kpi("discounts"), aggregate: "sum(discounts)",
  },
  {
    id: "bonus_earned",
    label: { ru: "Начислено бонусов", en: "Bonus points earned" },
    definition: { ru: "Бонусные баллы, начисленные по чекам периода.", en: "Bonus points earned on the period's receipts." },
    audience: "members", unit: "count", source: kpi("bonus_earned"), aggregate: "sum(bonus_earned)",
  },
  {
    id: "bonus_spent",
    label: { ru: "Списано бонусов", en: "Bonus points spent" },
    definition: { ru: "Бонусные баллы, списанные в оплату в чеках периода.", en: "Bonus points spent as payment in the period's receipts." },
    audience: "members", unit: "count", source: kpi("bonus_spent"), aggregate: "sum(bonus_spent)",
  },
  {
    id: "members_revenue",
    label: { ru: "Выручка участников", en: "Members' revenue" },
    definition: { ru: "Выручка (за вычетом возвратов) чеков с картой участника.", en: "Revenue (net of returns) of receipts with a member's card." },
    audience: "members", unit: "money", source: kpi("revenue", "members"),
  },
  {
    id: "members_avg_check",
    label: { ru: "Средний чек участника", en: "Members' average check" },
    definition: {
      ru: "Выручка участников за вычетом возвратов, делённая на число их чеков продаж. Покупатели без карты не входят.",
      en: "Members' revenue net of returns divided by their sales receipts. Buyers without a card are left out.",
    },
    audience: "members", unit: "money", decimals: 2, source: kpi("avg_check", "members"),
  },
  {
    id: "members_sales_revenue",
    label: { ru: "Выручка участников от продаж", en: "Members' sales revenue" },
    definition: {
      ru: "Сумма чеков продаж участников, возвраты не вычитаются: разложение выручки на три фактора требует положительных сумм.",
      en: "Members' sales receipts, returns not subtracted: the three-factor decomposition needs positive amounts.",
    },
    audience: "members", unit: "money", source: { mart: "mart_revenue_factors", column: "revenue" },
  },
  {
    id: "buying_members",
    label: { ru: "Покупатели-участники", en: "Buying members" },
    definition: { ru: "Участники хотя бы с одним чеком продажи в месяце (то же, что активные участники).", en: "Members with at least one sales receipt in the month (the same as active members)." },
    audience: "members", unit: "count", source: { mart: "mart_revenue_factors", column: "customers" },
  },
  {
    id: "members_sales_avg_check",
    label: { ru: "Средний чек участника по продажам", en: "Members' average sales check" },
    definition: {
      ru: "Выручка участников от продаж (без вычета возвратов), делённая на их чеки продаж: фактор «средний чек» в разложении выручки.",
      en: "Members' sales revenue (before returns) divided by their sales receipts: the check factor of the revenue decomposition.",
    },
    audience: "members", unit: "money", decimals: 2, source: { mart: "mart_revenue_factors", column: "avg_check" },
  },
  {
    id: "receipts_per_buying_member",
    label: { ru: "Чеков на покупателя-участника", en: "Receipts per buying member" },
    definition: {
      ru: "Чеки продаж участников, делённые на покупателей-участников месяца: фактор «частота» в разложении выручки (чеки, а не дни покупок).",
      en: "Members' sales receipts divided by the month's buying members: the frequency factor of the revenue decomposition (receipts, not purchase days).",
    },
    audience: "members", unit: "decimal", source: { mart: "mart_revenue_factors", column: "visits_per_customer" },
  },
  {
    id: "loyal_core_share",
    label: { ru: "Лояльное ядро", en: "Loyal core" },
    definition: {
      ru: "Лояльные участники среди покупающих (новички, развивающиеся, лояльные, предотток, вернувшиеся) на конец месяца; ориентир 30–40 %.",
      en: "Loyal members among buying members (new, developing, loyal, pre-churn, won back) at the month's end; the benchmark is 30–40 %.",
    },
    audience: "members", unit: "share", source: { mart: "mart_cvm_history", column: "loyal_core_share" },
  },
  {
    id: "p_alive",
    label: { ru: "Вероятность, что покупатель активен (P(alive))", en: "Probability alive (P(alive))" },
    definition: {
      ru: "По модели BG/NBD: вероятность, что участник ещё не ушёл, по числу его повторных покупок и давности последней.",
      en: "From the BG/NBD model: the probability a member has not dropped out, given their repeat purchases and the recency of the last one.",
    },
    audience: "members", unit: "share", source: { mart: "mart_clv", column: "p_alive" },
  },
  {
    id: "clv",
    label: { ru: "Пожизненная ценность (CLV)", en: "Customer lifetime value (CLV)" },
    definition: {
      ru: "Ожидаемые покупки участника (BG/NBD) × ожидаемая сумма покупки (Gamma-Gamma) на горизонте прогноза с ежемесячным дисконтированием.",
      en: "A member's expected purchases (BG/NBD) × expected spend per purchase (Gamma-Gamma) over the horizon, discounted monthly.",
    },
    audience: "members", unit: "money", decimals: 2, source: { mart: "mart_clv", column: "clv" },
  },
  {
    id: "response_rate",
    label: { ru: "Отклик (доля купивших)", en: "Response rate" },
    definition: {
      ru: "Доля участников группы кампании с покупкой в окне кампании (с её первого по последний день).",
      en: "The share of a campaign group's members who bought within the campaign's window (its first to its last day).",
    },
    audience: "members", unit: "share", source: { mart: "mart_campaign_results", column: "response_rate_target" },
  },
  {
    id: "roi",
    label: { ru: "ROI кампании", en: "Campaign ROI" },
    definition: {
      ru: "(Дополнительная маржа − затраты) / затраты; дополнительная маржа — прирост выручки на участника против контроля × размер целевой группы × норма маржи.",
      en: "(Incremental margin − cost) / cost; incremental margin = revenue uplift per member against control × target size × margin rate.",
    },
    audience: "members", unit: "ratio", source: { mart: "mart_campaign_results", column: "roi" },
  },
] as const satisfies readonly MetricDefinition[];

export type MetricId = (typeof METRICS)[number]["id"];

export const METRIC_BY_ID = new Map<string, MetricDefinition>(METRICS.map((m) => [m.id, m]));

export function metric(id: MetricId): MetricDefinition {
  return METRIC_BY_ID.get(id)!;
}

/** mart_kpi's metric columns, in the catalogue's order. */
export const KPI_COLUMNS: readonly string[] = [...new Set(METRICS.filter((m) => m.source.mart === "mart_kpi").map((m) => m.source.column))];
