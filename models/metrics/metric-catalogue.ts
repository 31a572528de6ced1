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

const COMM = (column: string) => ({ mart: "mart_communications", column });
const STAGE = (column: string) => ({ mart: "mart_stage_economics", column });

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
  {
    id: "rfm_segment_members",
    label: { ru: "Покупатели в сегменте RFM", en: "Members in an RFM segment" },
    definition: { ru: "Участники хотя бы с одной покупкой, попавшие в сегмент RFM на дату сборки.", en: "Members with at least one purchase in the RFM segment as of the build date." },
    audience: "members", unit: "count", source: { mart: "mart_rfm_segments", column: "members" },
  },
  {
    id: "rfm_segment_member_share",
    label: { ru: "Доля покупателей в сегменте RFM", en: "Share of members in an RFM segment" },
    definition: { ru: "Покупатели сегмента от всех покупателей с оценкой RFM.", en: "The segment's members of all members with an RFM score." },
    audience: "members", unit: "share", source: { mart: "mart_rfm_segments", column: "member_share" },
  },
  {
    id: "rfm_segment_revenue",
    label: { ru: "Выручка сегмента RFM", en: "RFM segment revenue" },
    definition: { ru: "Выручка (за вычетом возвратов) покупателей сегмента за всю их историю до даты сборки.", en: "Revenue (net of returns) of the segment's members over their history up to the build date." },
    audience: "members", unit: "money", source: { mart: "mart_rfm_segments", column: "revenue" },
  },
  {
    id: "rfm_segment_revenue_share",
    label: { ru: "Доля выручки сегмента RFM", en: "RFM segment revenue share" },
    definition: { ru: "Выручка сегмента от выручки всех покупателей с оценкой RFM.", en: "The segment's revenue of all scored members' revenue." },
    audience: "members", unit: "share", source: { mart: "mart_rfm_segments", column: "revenue_share" },
  },
  {
    id: "recency_days",
    label: { ru: "Дней с последней покупки", en: "Days since the last purchase" },
    definition: { ru: "Давность (R): дни от последнего чека продажи участника до даты сборки.", en: "Recency (R): days from the member's last sales receipt to the build date." },
    audience: "members", unit: "days", source: { mart: "mart_rfm", column: "recency_days" },
  },
  {
    id: "frequency",
    label: { ru: "Покупок (частота, F)", en: "Purchases (frequency, F)" },
    definition: { ru: "Частота (F): чеки продаж участника за всю историю до даты сборки.", en: "Frequency (F): the member's sales receipts up to the build date." },
    audience: "members", unit: "count", source: { mart: "mart_rfm", column: "frequency" },
  },
  {
    id: "monetary",
    label: { ru: "Сумма покупок (M)", en: "Spend (monetary, M)" },
    definition: { ru: "Деньги (M): выручка участника за вычетом возвратов за всю историю до даты сборки.", en: "Monetary (M): the member's revenue net of returns up to the build date." },
    audience: "members", unit: "money", source: { mart: "mart_rfm", column: "monetary" },
  },
  {
    id: "cvm_stage_share",
    label: { ru: "Доля стадии CVM", en: "CVM stage share" },
    definition: { ru: "Участники в стадии жизненного цикла на конец месяца от всех участников программы, включая ещё не покупавших и ушедших.", en: "Members in a lifecycle stage at the month's end, of all programme members including those who never bought and those who left." },
    audience: "members", unit: "share", source: { mart: "mart_cvm_history", column: "share" },
  },
  {
    id: "cvm_transitions",
    label: { ru: "Переходы между стадиями", en: "Stage transitions" },
    definition: { ru: "Участники, которые были в одной стадии на конец прошлого месяца и в другой (или той же) на конец этого.", en: "Members in one stage at the previous month's end and in another (or the same) at this month's end." },
    audience: "members", unit: "count", source: { mart: "mart_cvm_transitions", column: "members" },
  },
  {
    id: "stage_members",
    label: { ru: "Участники стадии", en: "Members in the stage" },
    definition: { ru: "Участники программы в стадии жизненного цикла на конец месяца.", en: "Programme members in the lifecycle stage at the month's end." },
    audience: "members", unit: "count", source: STAGE("members"),
  },
  {
    id: "stage_buyers",
    label: { ru: "Покупатели стадии", en: "Buyers in the stage" },
    definition: {
      ru: "Участники стадии (на конец месяца) хотя бы с одним чеком продажи в этом месяце. Покупка в месяце сама влияет на стадию: купивший редко оказывается в предоттоке или оттоке на конец месяца.",
      en: "Members of the stage (at the month's end) with at least one sales receipt in the month. A purchase in the month shapes the stage itself: a buyer is seldom pre-churn or churned at the month's end.",
    },
    audience: "members", unit: "count", source: STAGE("buyers"),
  },
  {
    id: "stage_revenue",
    label: { ru: "Выручка стадии за месяц", en: "The stage's revenue in the month" },
    definition: { ru: "Выручка (за вычетом возвратов) чеков участников стадии за месяц; стадия — на конец месяца.", en: "Revenue (net of returns) of the stage's members' receipts in the month; the stage at the month's end." },
    audience: "members", unit: "money", source: STAGE("revenue"),
  },
  {
    id: "stage_avg_check",
    label: { ru: "Средний чек стадии", en: "The stage's average check" },
    definition: { ru: "Выручка стадии за месяц, делённая на чеки продаж её участников за месяц.", en: "The stage's revenue in the month divided by its members' sales receipts in the month." },
    audience: "members", unit: "money", decimals: 2, source: STAGE("avg_check"),
  },
  {
    id: "stage_frequency",
    label: { ru: "Чеков на покупателя стадии", en: "Receipts per buyer in the stage" },
    definition: { ru: "Чеки продаж участников стадии за месяц, делённые на покупателей стадии.", en: "The stage's members' sales receipts in the month divided by the stage's buyers." },
    audience: "members", unit: "decimal", source: STAGE("frequency"),
  },
  {
    id: "stage_recency_days",
    label: { ru: "Дней с последней покупки в среднем по стадии", en: "Mean days since the last purchase in the stage" },
    definition: {
      ru: "Среднее число дней от последней покупки участника до конца месяца по участникам стадии; не покупавшие не входят.",
      en: "The mean of days from a member's last purchase to the month's end over the stage's members; those who never bought are left out.",
    },
    audience: "members", unit: "days", source: STAGE("avg_days_since_last"),
  },
  {
    id: "stage_bonus_spent",
    label: { ru: "Списано бонусов участниками стадии", en: "Points spent by the stage's members" },
    definition: { ru: "Бонусные баллы, списанные в оплату в чеках участников стадии за месяц.", en: "Bonus points spent as payment in the stage's members' receipts in the month." },
    audience: "members", unit: "count", source: STAGE("bonus_spent"),
  },
  {
    id: "stage_discounts",
    label: { ru: "Скидки участникам стадии", en: "Discounts to the stage's members" },
    definition: { ru: "Сумма скидок в чеках участников стадии за месяц.", en: "Discounts given in the stage's members' receipts in the month." },
    audience: "members", unit: "money", source: STAGE("discounts"),
  },
  {
    id: "churn_at_risk",
    label: { ru: "Покупающие на начало месяца", en: "Buying members at the month's start" },
    definition: {
      ru: "Участники, которые на конец прошлого месяца были в покупающей стадии (новички, развивающиеся, лояльные, предотток, вернувшиеся): те, кто может уйти в отток за месяц.",
      en: "Members in a buying stage (new, developing, loyal, pre-churn, won back) at the previous month's end: those who can churn in the month.",
    },
    audience: "members", unit: "count", source: { mart: "mart_churn_drivers", column: "at_risk" },
  },
  {
    id: "churned_in_month",
    label: { ru: "Ушли в отток за месяц", en: "Churned in the month" },
    definition: { ru: "Покупающие на начало месяца, которые на его конец в стадии «отток».", en: "Members buying at the month's start who are churned at its end." },
    audience: "members", unit: "count", source: { mart: "mart_churn_drivers", column: "churned" },
  },
  {
    id: "churn_rate",
    label: { ru: "Отток за месяц", en: "Monthly churn rate" },
    definition: {
      ru: "Ушедшие в отток за месяц от покупающих на его начало. По магазину и каналу — домашний магазин и канал регистрации участника, по уровню — уровень на конец прошлого месяца; за несколько месяцев — сумма ушедших, делённая на сумму покупающих.",
      en: "Members who churned in the month, of those buying at its start. By store and channel: the member's home store and registration channel; by tier: the tier at the previous month's end; over several months: churned summed over buying summed.",
    },
    audience: "members", unit: "share", source: { mart: "mart_churn_drivers", column: "churn_rate" },
  },
  {
    id: "falling_frequency_share",
    label: { ru: "Доля с падающей частотой", en: "Share with falling frequency" },
    definition: {
      ru: "Из участников с покупками в обоих окнах — доля тех, у кого за 90 дней до последней покупки (models.lifecycle.signalWindowDays) чеков меньше, чем за 90 дней до того. Отдельно для ушедших в отток за месяц и для оставшихся.",
      en: "Of the members with purchases in both windows, the share with fewer receipts in the 90 days to their last purchase (models.lifecycle.signalWindowDays) than in the 90 days before. For those who churned in the month and for those who stayed.",
    },
    audience: "members", unit: "share", source: { mart: "mart_churn_signals", column: "falling_frequency_share" },
  },
  {
    id: "shrinking_basket_share",
    label: { ru: "Доля с уменьшающимся чеком", en: "Share with a shrinking basket" },
    definition: {
      ru: "Из участников с покупками в обоих окнах — доля тех, у кого сумма продаж на чек за 90 дней до последней покупки меньше, чем за 90 дней до того (возвраты не учитываются). Отдельно для ушедших и оставшихся.",
      en: "Of the members with purchases in both windows, the share whose sales per receipt in the 90 days to their last purchase are lower than in the 90 days before (returns left out). For those who churned and those who stayed.",
    },
    audience: "members", unit: "share", source: { mart: "mart_churn_signals", column: "shrinking_basket_share" },
  },
  {
    id: "frequency_change_before_last",
    label: { ru: "Изменение частоты перед последней покупкой", en: "Frequency change before the last purchase" },
    definition: {
      ru: "Чеки продаж за 90 дней до последней покупки, делённые на чеки за 90 дней до того, минус 1; суммы по участникам с покупками в обоих окнах.",
      en: "Sales receipts in the 90 days to the last purchase divided by those in the 90 days before, minus 1; summed over the members with purchases in both windows.",
    },
    audience: "members", unit: "share", source: { mart: "mart_churn_signals", column: "frequency_change" },
  },
  {
    id: "basket_change_before_last",
    label: { ru: "Изменение чека перед последней покупкой", en: "Basket change before the last purchase" },
    definition: {
      ru: "Продажи на чек за 90 дней до последней покупки, делённые на продажи на чек за 90 дней до того, минус 1; суммы по участникам с покупками в обоих окнах.",
      en: "Sales per receipt in the 90 days to the last purchase divided by sales per receipt in the 90 days before, minus 1; summed over the members with purchases in both windows.",
    },
    audience: "members", unit: "share", source: { mart: "mart_churn_signals", column: "basket_change" },
  },
  {
    id: "retention",
    label: { ru: "Удержание когорты", en: "Cohort retention" },
    definition: { ru: "Доля участников когорты (по месяцу первой покупки или регистрации) с покупкой в k-м месяце после её начала.", en: "The share of a cohort (by month of first purchase or of registration) that bought in month k after it began." },
    audience: "members", unit: "share", source: { mart: "mart_cohort_retention", column: "retention" },
  },
  {
    id: "cumulative_churn",
    label: { ru: "Накопленный отток когорты", en: "Cohort cumulative churn" },
    definition: { ru: "Доля участников когорты, чья последняя покупка на сегодня была раньше k-го месяца.", en: "The share of a cohort whose last purchase so far came before month k." },
    audience: "members", unit: "share", source: { mart: "mart_cohort_retention", column: "cumulative_churn" },
  },
  {
    id: "new_members",
    label: { ru: "Новые участники", en: "New members" },
    definition: { ru: "Участники, зарегистрированные в месяце, по каналу регистрации.", en: "Members registered in the month, by registration channel." },
    audience: "members", unit: "count", source: { mart: "mart_conversion", column: "new_members" },
  },
  {
    id: "first_purchase_rate",
    label: { ru: "Конверсия в первую покупку", en: "Conversion to a first purchase" },
    definition: { ru: "Доля новых участников с покупкой в первые дни после регистрации (окно задаётся в конфигурации, по умолчанию 30 дней; считаются те, у кого окно уже прошло).", en: "The share of new members who bought within the window after registering (30 days by default; among those whose window has passed)." },
    audience: "members", unit: "share", source: { mart: "mart_conversion", column: "first_purchase_rate" },
  },
  {
    id: "repeat_rate",
    label: { ru: "Конверсия в повторную покупку", en: "Conversion to a repeat purchase" },
    definition: { ru: "Доля новых участников со второй покупкой (вторым днём покупок) в окне после регистрации (по умолчанию 30 дней).", en: "The share of new members with a second purchase day within the window after registering (30 days by default)." },
    audience: "members", unit: "share", source: { mart: "mart_conversion", column: "repeat_rate" },
  },
  {
    id: "store_identified_share",
    label: { ru: "Доля чеков с картой в магазине", en: "Store's share of receipts with a card" },
    definition: { ru: "Чеки продаж магазина с картой участника от всех его чеков продаж в месяце; место — только у магазинов с достаточным числом чеков.", en: "A store's sales receipts with a member's card, of all its sales receipts in the month; ranked only with enough receipts." },
    audience: "all_buyers", unit: "share", source: { mart: "mart_store_identification", column: "identified_share" },
  },
  {
    id: "staff_identified_share",
    label: { ru: "Доля чеков с картой: магазин, касса, кассир", en: "Share of receipts with a card: store, till, cashier" },
    definition: {
      ru: "Чеки продаж магазина, кассы или кассира за месяц с картой участника от всех их чеков продаж. С целью (models.stores.targets.identifiedShare) сравнивается только при достаточном числе чеков за месяц (models.stores.minReceiptsToRank).",
      en: "A store's, till's or cashier's sales receipts in the month with a member's card, of all their sales receipts. Compared with the target (models.stores.targets.identifiedShare) only with enough receipts in the month (models.stores.minReceiptsToRank).",
    },
    audience: "all_buyers", unit: "share", source: { mart: "mart_staff_kpi", column: "identified_share" },
  },
  {
    id: "identified_share_target",
    label: { ru: "Цель по доле чеков с картой", en: "Target share of receipts with a card" },
    definition: { ru: "Доля чеков с картой, которой должен достичь каждый магазин, касса и кассир: models.stores.targets.identifiedShare, по умолчанию 80 %.", en: "The share of receipts with a card each store, till and cashier should reach: models.stores.targets.identifiedShare, 80 % by default." },
    audience: "all_buyers", unit: "share", source: { mart: "mart_staff_kpi", column: "identified_share_target" },
  },
  {
    id: "store_sign_ups",
    label: { ru: "Регистрации в магазине", en: "Sign-ups in the store" },
    definition: {
      ru: "Новые участники, чью первую карту магазин выдал в этом месяце; замена карты не считается, карты из приложения и с сайта магазина не имеют. Касса и кассир у карты в данных не указаны, поэтому регистрации — только по магазинам.",
      en: "New members whose first card the store issued in the month; a replacement card does not count, and cards from the app or the site have no store. The data names no till or cashier on a card, so sign-ups are per store only.",
    },
    audience: "members", unit: "count", source: { mart: "mart_staff_kpi", column: "sign_ups", where: "level = 'store'" },
  },
  {
    id: "sign_ups_target",
    label: { ru: "Цель по регистрациям в месяц", en: "Target sign-ups a month" },
    definition: {
      ru: "Сколько новых участников магазин должен регистрировать за месяц: models.stores.targets.signUpsPerMonth, по умолчанию не задана. Месяц сравнивается с целью, когда он закончился.",
      en: "The new members a store should sign up a month: models.stores.targets.signUpsPerMonth, none by default. A month is compared with it once it is over.",
    },
    audience: "members", unit: "count", source: { mart: "mart_staff_kpi", column: "sign_ups_target", where: "level = 'store'" },
  },
  {
    id: "hourly_receipts",
    label: { ru: "Чеков в час за неделю", en: "Receipts in the hour per week" },
    definition: {
      ru: "Чеки продаж в этот день недели и час, в среднем за неделю последних недель до даты сборки (models.stores.hoursWeeks, по умолчанию 8). Все покупатели.",
      en: "Sales receipts on that weekday in that hour, per week on average over the last weeks to the build date (models.stores.hoursWeeks, 8 by default). All buyers.",
    },
    audience: "all_buyers", unit: "decimal", source: { mart: "mart_store_hours", column: "receipts_per_week" },
  },
  {
    id: "hourly_revenue",
    label: { ru: "Выручка в час за неделю", en: "Revenue in the hour per week" },
    definition: {
      ru: "Выручка (за вычетом возвратов, возврат — в час, когда его пробили) в этот день недели и час, в среднем за неделю тех же последних недель. Все покупатели.",
      en: "Revenue (net of returns, a return in the hour it was rung up) on that weekday in that hour, per week on average over the same last weeks. All buyers.",
    },
    audience: "all_buyers", unit: "money", source: { mart: "mart_store_hours", column: "revenue_per_week" },
  },
  {
    id: "portrait_members",
    label: { ru: "Участники по возрасту, полу и городу", en: "Members by age, gender and city" },
    definition: {
      ru: "Участники программы по возрастной группе (возраст на дату сборки), полу и городу из профиля; для сети и по домашнему магазину участника.",
      en: "Programme members by age band (age at the build date), gender and city from the profile; for the chain and by the member's home store.",
    },
    audience: "members", unit: "count", source: { mart: "mart_portrait", column: "members" },
  },
  {
    id: "profile_completeness",
    label: { ru: "Заполненность профиля", en: "Profile completeness" },
    definition: { ru: "Средняя доля заполненных полей профиля участника (пол, дата рождения, город, телефон, e-mail и др., 10 полей).", en: "The average share of a member's profile fields filled in (gender, birth date, city, phone, e-mail and others, 10 fields)." },
    audience: "members", unit: "share", source: { mart: "mart_profile_quality", column: "avg_completeness" },
  },
  {
    id: "contactable_share",
    label: { ru: "Доля доступных для рассылок", en: "Contactable share" },
    definition: { ru: "Участники, у которых хотя бы в одном канале есть и согласие, и способ связаться.", en: "Members with both a consent and a way to reach them in at least one channel." },
    audience: "members", unit: "share", source: { mart: "mart_profile_quality", column: "contactable_share" },
  },
  {
    id: "bonus_accrued",
    label: { ru: "Начислено баллов за месяц", en: "Points accrued in the month" },
    definition: { ru: "Бонусные баллы, начисленные за месяц по журналу бонусов.", en: "Bonus points accrued in the month, from the bonus ledger." },
    audience: "members", unit: "count", source: { mart: "mart_bonus_monthly", column: "accrued" },
  },
  {
    id: "bonus_redeemed",
    label: { ru: "Списано баллов за месяц", en: "Points redeemed in the month" },
    definition: { ru: "Бонусные баллы, списанные в оплату за месяц по журналу бонусов.", en: "Bonus points redeemed in the month, from the bonus ledger." },
    audience: "members", unit: "count", source: { mart: "mart_bonus_monthly", column: "redeemed" },
  },
  {
    id: "bonus_expired",
    label: { ru: "Сгорело баллов за месяц", en: "Points expired in the month" },
    definition: { ru: "Бонусные баллы, сгоревшие за месяц.", en: "Bonus points that expired in the month." },
    audience: "members", unit: "count", source: { mart: "mart_bonus_monthly", column: "expired" },
  },
  {
    id: "bonus_liability",
    label: { ru: "Обязательства по бонусам", en: "Bonus liability" },
    definition: { ru: "Баллы на счетах участников на конец месяца: долг программы перед ними.", en: "Points on members' accounts at the month's end: what the programme owes them." },
    audience: "members", unit: "count", source: { mart: "mart_bonus_monthly", column: "liability" },
  },
  {
    id: "bonus_payer_share",
    label: { ru: "Доля платящих бонусами", en: "Share paying with bonuses" },
    definition: {
      ru: "Участники, хотя бы раз за месяц оплатившие часть покупки баллами, от всех участников с покупкой в этом месяце (люди, не карты). Годится как цель программы: «30 % активной базы платят бонусами».",
      en: "Members who paid part of a purchase with points at least once in the month, out of all members who bought that month (people, not cards). Usable as a programme goal: \"30 % of the active base pay with bonuses\".",
    },
    audience: "members", unit: "share", source: { mart: "mart_bonus_use", column: "bonus_payer_share", where: "scope = 'chain'" },
  },
  {
    id: "messages_sent",
    label: { ru: "Отправлено сообщений", en: "Messages sent" },
    definition: { ru: "Сообщения, отправленные за месяц, по каналу и кампании.", en: "Messages sent in the month, by channel and campaign." },
    audience: "members", unit: "count", source: COMM("sent"),
  },
  {
    id: "delivery_rate",
    label: { ru: "Доля доставленных", en: "Delivery rate" },
    definition: { ru: "Доставленные сообщения от отправленных, чья доставка известна.", en: "Messages delivered, out of those sent whose delivery is known." },
    audience: "members", unit: "share", source: COMM("delivery_rate"),
  },
  {
    id: "open_rate",
    label: { ru: "Доля открытых", en: "Open rate" },
    definition: { ru: "Открытые сообщения от доставленных; пусто для канала, который не сообщает об открытиях (SMS).", en: "Messages opened, out of those delivered; empty for a channel that reports no openings (SMS)." },
    audience: "members", unit: "share", source: COMM("open_rate"),
  },
  {
    id: "click_rate",
    label: { ru: "Доля переходов", en: "Click rate" },
    definition: { ru: "Сообщения с переходом по ссылке от доставленных; пусто для канала без отчёта об открытиях.", en: "Messages clicked, out of those delivered; empty for a channel that reports no openings." },
    audience: "members", unit: "share", source: COMM("click_rate"),
  },
  {
    id: "message_cost",
    label: { ru: "Стоимость сообщений", en: "Cost of messages" },
    definition: { ru: "Сумма стоимости отправленных сообщений по фиду сообщений.", en: "The cost of the messages sent, from the messages feed." },
    audience: "members", unit: "money", source: COMM("cost"),
  },
  {
    id: "cost_per_delivered",
    label: { ru: "Цена доставленного сообщения", en: "Cost per message delivered" },
    definition: { ru: "Стоимость сообщений, делённая на число доставленных.", en: "The cost of the messages divided by the number delivered." },
    audience: "members", unit: "money", decimals: 2, source: COMM("cost_per_delivered"),
  },
  {
    id: "message_response_rate",
    label: { ru: "Доля откликнувшихся на сообщение", en: "Message response rate" },
    definition: {
      ru: "Получатели сообщения кампании, купившие (продажа, не возврат) со дня отправки по последний день кампании, от всех получателей. Это не эффект кампании: купившие бы и так тоже считаются; эффект меряет контрольная группа.",
      en: "Recipients of a campaign's message who bought (a sale, not a return) from the day it was sent to the campaign's last day, out of all recipients. Not the campaign's effect: those who would have bought anyway count too; the control group measures the effect.",
    },
    audience: "members", unit: "share", source: COMM("response_rate"),
  },
  {
    id: "cost_per_responder",
    label: { ru: "Цена откликнувшегося", en: "Cost per responder" },
    definition: { ru: "Стоимость сообщений кампании, делённая на число откликнувшихся получателей.", en: "The cost of a campaign's messages divided by the recipients who responded." },
    audience: "members", unit: "money", decimals: 2, source: COMM("cost_per_responder"),
  },
  {
    id: "saving_vs_sms",
    label: { ru: "Экономия каскада против SMS", en: "Cascade saving against SMS" },
    definition: {
      ru: "Сколько стоили бы те же сообщения, отправленные SMS по средней цене SMS в данных, минус их настоящая стоимость: что сэкономил каскад каналов. Пусто, если SMS не отправляли ни разу.",
      en: "What the same messages would have cost as SMS at the average SMS price in the data, less what they cost: what the channel cascade saved. Empty when no SMS was ever sent.",
    },
    audience: "members", unit: "money", source: COMM("saving_vs_sms"),
  },
  {
    id: "coupons_issued",
    label: { ru: "Выдано купонов", en: "Coupons issued" },
    definition: { ru: "Купоны, выданные за месяц, по кампаниям.", en: "Coupons issued in the month, by campaign." },
    audience: "members", unit: "count", source: { mart: "mart_coupons", column: "issued" },
  },
  {
    id: "coupon_redemption_rate",
    label: { ru: "Доля погашенных купонов", en: "Coupon redemption rate" },
    definition: {
      ru: "Из купонов, выданных в месяце, доля погашенных к дате сборки (погашение позже неё ещё не считается).",
      en: "Of the coupons issued in the month, the share redeemed by the build date (a later redemption does not count yet).",
    },
    audience: "members", unit: "share", source: { mart: "mart_coupons", column: "redemption_rate" },
  },
  {
    id: "coupon_redemption_days",
    label: { ru: "Дней от выдачи до погашения (медиана)", en: "Days from issue to redemption (median)" },
    definition: {
      ru: "Медиана календарных дней между выдачей купона и его погашением, для купонов месяца, погашенных к дате сборки.",
      en: "The median of calendar days between a coupon's issue and its redemption, for the month's coupons redeemed by the build date.",
    },
    audience: "members", unit: "days", source: { mart: "mart_coupons", column: "median_redemption_days" },
  },
  {
    id: "promotion_turnover",
    label: { ru: "Оборот механики", en: "Promotion turnover" },
    definition: { ru: "Сумма строк чеков с механикой (акцией) после скидки.", en: "The amount of receipt lines under a promotion, after its discount." },
    audience: "all_buyers", unit: "money", source: { mart: "mart_promotions", column: "turnover" },
  },
  {
    id: "category_revenue",
    label: { ru: "Выручка категории", en: "Category revenue" },
    definition: {
      ru: "Сумма строк чеков категории (бренда) за месяц за вычетом возвратов: строка возврата вычитается в месяце, когда её пробили. Все покупатели; по стадии CVM — участники в стадии на конец месяца, чеки без карты отдельной строкой.",
      en: "The month's receipt lines of the category (brand) net of returns: a return line subtracts in the month it was rung up. All buyers; by CVM stage, members in the stage at the month's end, with receipts without a card on their own row.",
    },
    audience: "all_buyers", unit: "money", source: { mart: "mart_category_sales", column: "revenue", where: "margin_class = '(all)'" },
  },
  {
    id: "category_units",
    label: { ru: "Продано единиц категории", en: "Units sold in the category" },
    definition: { ru: "Количество в строках категории (бренда) за месяц за вычетом возвратов: штуки, а весового товара — килограммы. Все покупатели.", en: "The quantity on the month's lines of the category (brand) net of returns: pieces, and kilograms of goods sold by weight. All buyers." },
    audience: "all_buyers", unit: "decimal", source: { mart: "mart_category_sales", column: "units", where: "margin_class = '(all)'" },
  },
  {
    id: "category_receipts",
    label: { ru: "Чеки с категорией", en: "Receipts with the category" },
    definition: { ru: "Чеки продаж месяца хотя бы с одной строкой категории (бренда). Все покупатели.", en: "The month's sales receipts with at least one line of the category (brand). All buyers." },
    audience: "all_buyers", unit: "count", source: { mart: "mart_category_sales", column: "receipts", where: "margin_class = '(all)'" },
  },
  {
    id: "category_buyers",
    label: { ru: "Покупатели категории", en: "Category buyers" },
    definition: {
      ru: "Участники, купившие категорию (бренд) в месяце: хотя бы одна строка продажи; вернувший покупку всё равно покупатель.",
      en: "Members who bought the category (brand) in the month: at least one sales line; a member who returned it is still a buyer.",
    },
    audience: "members", unit: "count", source: { mart: "mart_category_sales", column: "buyers", where: "margin_class = '(all)'" },
  },
  {
    id: "category_penetration",
    label: { ru: "Проникновение категории", en: "Category penetration" },
    definition: {
      ru: "Покупатели категории (бренда) от активных участников того же месяца (всей сети или стадии CVM на конец месяца).",
      en: "The category's (brand's) buyers out of the month's active members (the chain's, or the CVM stage's at the month's end).",
    },
    audience: "members", unit: "share", source: { mart: "mart_category_sales", column: "penetration", where: "margin_class = '(all)'" },
  },
  {
    id: "category_revenue_share",
    label: { ru: "Доля категории в выручке", en: "Category share of revenue" },
    definition: {
      ru: "Выручка категории от выручки месяца; бренда — от выручки его категории. Строки возврата вычитаются, поэтому доля бывает отрицательной.",
      en: "A category's revenue out of the month's; a brand's out of its category's. Return lines subtract, so a share can be negative.",
    },
    audience: "all_buyers", unit: "share", source: { mart: "mart_category_sales", column: "revenue_share", where: "margin_class = '(all)'" },
  },
  {
    id: "margin_class_mix",
    label: { ru: "Доля класса маржинальности", en: "Margin class mix" },
    definition: {
      ru: "Выручка товаров класса маржинальности от выручки категории (или всего месяца, если категория не выбрана): структура продаж по маржинальности.",
      en: "The revenue of products of a margin class out of the category's (or the whole month's, with no category chosen): the sales mix by margin.",
    },
    audience: "all_buyers", unit: "share", source: { mart: "mart_category_sales", column: "revenue_share", where: "margin_class <> '(all)'" },
  },
  {
    id: "entry_new_buyers",
    label: { ru: "Новые покупатели по категории входа", en: "New buyers by entry category" },
    definition: {
      ru: "Участники с первой покупкой в месяце, по категории с наибольшей суммой в их первом чеке (при равенстве — первая по алфавиту).",
      en: "Members whose first purchase fell in the month, by the category with the most money on their first receipt (a tie goes to the first in alphabetical order).",
    },
    audience: "members", unit: "count", source: { mart: "mart_entry_category", column: "new_buyers" },
  },
  {
    id: "entry_share",
    label: { ru: "Доля категории входа", en: "Entry category share" },
    definition: { ru: "Новые покупатели месяца, пришедшие через категорию, от всех новых покупателей месяца.", en: "The month's new buyers who entered through the category, out of all the month's new buyers." },
    audience: "members", unit: "share", source: { mart: "mart_entry_category", column: "new_buyer_share" },
  },
  {
    id: "entry_repeat_rate",
    label: { ru: "Повторная покупка после входа", en: "Repeat purchase after entry" },
    definition: {
      ru: "Доля новых покупателей со вторым днём покупок в течение окна после первого (задаётся в конфигурации, по умолчанию 90 дней); считаются те, у кого окно уже прошло.",
      en: "The share of new buyers with a second purchase day within N days of the first (90 by default), among those whose N days have passed.",
    },
    audience: "members", unit: "share", source: { mart: "mart_entry_category", column: "repeat_rate" },
  },
  {
    id: "pair_support",
    label: { ru: "Поддержка пары категорий", en: "Category pair support" },
    definition: {
      ru: "Чеки продаж с обеими категориями от всех чеков продаж со строками за последний период (задаётся в конфигурации, по умолчанию 365 дней). Все покупатели.",
      en: "Sales receipts with both categories out of all sales receipts with lines over the last N days (365 by default). All buyers.",
    },
    audience: "all_buyers", unit: "share", source: { mart: "mart_category_affinity", column: "support" },
  },
  {
    id: "pair_confidence",
    label: { ru: "Достоверность пары (А → Б)", en: "Category pair confidence (A → B)" },
    definition: { ru: "Из чеков с категорией А — доля, где есть и категория Б.", en: "Of the receipts with category A, the share that also have category B." },
    audience: "all_buyers", unit: "share", source: { mart: "mart_category_affinity", column: "confidence" },
  },
  {
    id: "pair_lift",
    label: { ru: "Лифт пары категорий", en: "Category pair lift" },
    definition: {
      ru: "Во сколько раз чаще категории встречаются в одном чеке, чем при независимых покупках: поддержка пары / (поддержка А × поддержка Б). Большие корзины поднимают лифт всех пар, поэтому пару сравнивают с соседями. Стоит совместного предложения при лифте от 1,2 на 100 чеках и больше (задаётся в конфигурации).",
      en: "How many times more often the categories share a receipt than independent buying would have them: pair support / (support of A × support of B). Big baskets raise every pair's lift, so judge a pair against its neighbours. Worth a joint offer at a lift of 1.2 or more on at least 100 receipts (set in the config).",
    },
    audience: "all_buyers", unit: "ratio", source: { mart: "mart_category_affinity", column: "lift" },
  },
  {
    id: "segment_members",
    label: { ru: "Участники сегмента", en: "Segment members" },
    definition: { ru: "Участники, отобранные правилами сегмента при запуске, включая контрольную группу.", en: "Members a segment's rules selected at a run, control group included." },
    audience: "members", unit: "count", source: { mart: "segment_runs", column: "members" },
  },
  {
    id: "segment_unreachable",
    label: { ru: "Недоступные в сегменте", en: "Unreachable segment members" },
    definition: { ru: "Участники целевой группы, которым нельзя написать ни в одном канале (нет согласия или контакта).", en: "Target members no channel can reach (no consent or no contact)." },
    audience: "members", unit: "count", source: { mart: "segment_runs", column: "unreachable" },
  },
  {
    id: "segment_estimated_cost",
    label: { ru: "Оценка стоимости рассылки", en: "Estimated sending cost" },
    definition: { ru: "Сообщения целевой группе по каскаду каналов × цена сообщения канала из конфигурации.", en: "Messages to the target group along the channel cascade × each channel's price from the config." },
    audience: "members", unit: "money", source: { mart: "segment_runs", column: "estimated_cost" },
  },
  {
    id: "segment_expected_response",
    label: { ru: "Купят и без предложения (оценка)", en: "Expected to buy anyway" },
    definition: { ru: "Средняя по целевой группе вероятность покупки за срок предложения по BG/NBD: чего ждать без кампании.", en: "The target group's average BG/NBD probability of buying within the offer's term: what to expect without the campaign." },
    audience: "members", unit: "share", source: { mart: "segment_runs", column: "expected_response_rate" },
  },
  {
    id: "response_uplift",
    label: { ru: "Прирост отклика", en: "Response uplift" },
    definition: { ru: "Отклик целевой группы минус отклик контрольной, в процентных пунктах, с 95 % интервалом.", en: "The target group's response rate minus the control group's, in points, with a 95 % interval." },
    audience: "members", unit: "points", source: { mart: "mart_campaign_results", column: "response_uplift" },
  },
  {
    id: "revenue_uplift",
    label: { ru: "Прирост выручки на участника", en: "Revenue uplift per member" },
    definition: { ru: "Выручка на участника целевой группы минус контрольной за окно кампании и дни после него.", en: "Revenue per target member minus per control member over the campaign window and the days after it." },
    audience: "members", unit: "money", decimals: 2, source: { mart: "mart_campaign_results", column: "revenue_uplift" },
  },
  {
    id: "incremental_revenue",
    label: { ru: "Дополнительная выручка", en: "Incremental revenue" },
    definition: { ru: "Прирост выручки на участника × размер целевой группы.", en: "Revenue uplift per member × the target group's size." },
    audience: "members", unit: "money", source: { mart: "mart_campaign_results", column: "incremental_revenue" },
  },
  {
    id: "campaign_cost",
    label: { ru: "Затраты на кампанию", en: "Campaign cost" },
    definition: { ru: "Погашенные вознаграждения (купоны) плюс стоимость кампании из файла кампаний (или сообщений, если её нет).", en: "Rewards redeemed (coupons) plus the campaign's cost from the campaigns feed (or its messages' cost without it)." },
    audience: "members", unit: "money", source: { mart: "mart_campaign_results", column: "cost" },
  },
  {
    id: "payback_cost",
    label: { ru: "Затраты программы", en: "Programme cost" },
    definition: {
      ru: "Затраты месяца в деньгах: списанные баллы и изменение обязательств по баллам (по стоимости балла), скидки участникам и стоимость сообщений. Купоны отдельно не считаются: их награда уже в баллах или в скидке чека. Пусто, если не задана стоимость балла.",
      en: "The month's cost in money: points redeemed and the change of the points liability (at the point value), discounts to members and the cost of messages. Coupons are not added: their reward is already in the points or the receipt's discount. Empty without a point value.",
    },
    audience: "members", unit: "money", source: { mart: "mart_programme_payback", column: "cost" },
  },
  {
    id: "points_redeemed_value",
    label: { ru: "Списанные баллы в деньгах", en: "Points redeemed, in money" },
    definition: { ru: "Баллы, списанные за месяц по журналу бонусов, × стоимость балла из конфигурации; пусто, если она не задана.", en: "Points redeemed in the month, from the bonus ledger, × the configured point value; empty without it." },
    audience: "members", unit: "money", source: { mart: "mart_programme_payback", column: "redeemed_value" },
  },
  {
    id: "bonus_liability_change",
    label: { ru: "Изменение обязательств за месяц", en: "Change of the liability in the month" },
    definition: {
      ru: "Баллы на счетах участников на конец месяца минус на конец предыдущего: начислено − списано − сгорело ± корректировки.",
      en: "Points on members' accounts at the month's end less at the previous month's end: accrued − redeemed − expired ± adjustments.",
    },
    audience: "members", unit: "count", source: { mart: "mart_programme_payback", column: "liability_change_points" },
  },
  {
    id: "liability_change_value",
    label: { ru: "Изменение обязательств в деньгах", en: "Change of the liability, in money" },
    definition: {
      ru: "Изменение обязательств за месяц × стоимость балла. Вместе со списанными баллами это баллы, выданные за месяц, за вычетом сгоревших: балл стоит денег, когда его дают. Пусто без стоимости балла.",
      en: "The liability's change in the month × the point value. With the points redeemed, it makes the points given in the month less those expired: a point costs when it is given. Empty without a point value.",
    },
    audience: "members", unit: "money", source: { mart: "mart_programme_payback", column: "liability_change_value" },
  },
  {
    id: "member_discounts",
    label: { ru: "Скидки участникам", en: "Discounts to members" },
    definition: {
      ru: "Скидки в чеках участников (с картой) за месяц за вычетом скидок в их чеках возврата: возврат отменяет скидку на то, что вернули.",
      en: "Discounts on members' receipts (with a card) in the month, less the discounts on their return receipts: a return undoes the discount on what it takes back.",
    },
    audience: "members", unit: "money", source: { mart: "mart_programme_payback", column: "member_discounts" },
  },
  {
    id: "coupons_redeemed_in_month",
    label: { ru: "Погашено купонов за месяц", en: "Coupons redeemed in the month" },
    definition: { ru: "Купоны, погашенные в месяце, когда бы их ни выдали.", en: "Coupons redeemed in the month, whenever they were issued." },
    audience: "members", unit: "count", source: { mart: "mart_programme_payback", column: "coupons_redeemed" },
  },
  {
    id: "measured_incremental_margin",
    label: { ru: "Доказанная дополнительная маржа", en: "Measured incremental margin" },
    definition: {
      ru: "Дополнительная маржа кампаний с контрольной группой, поровну на каждый день окна измерения (кампания и дни после неё), сложенная по месяцам. В месяце без таких кампаний — 0: ничего не доказано и ничего не предполагается.",
      en: "The incremental margin of campaigns with a control group, spread evenly over the days of each one's measured window (the campaign and the days after it), summed by month. A month without such a campaign has 0: nothing proved, nothing assumed.",
    },
    audience: "members", unit: "money", source: { mart: "mart_programme_payback", column: "incremental_margin_measured" },
  },
  {
    id: "measured_campaigns",
    label: { ru: "Кампаний с контрольной группой", en: "Campaigns with a control group" },
    definition: {
      ru: "Кампании с контрольной группой, чьё окно измерения захватывает месяц; «предварительно» — окно ещё открыто, и их маржа может измениться.",
      en: "Campaigns with a control group whose measured window covers part of the month; \"provisional\": a window is still open and its margin may change.",
    },
    audience: "members", unit: "count", source: { mart: "mart_programme_payback", column: "measured_campaigns" },
  },
  {
    id: "estimated_incremental_margin",
    label: { ru: "Оценка дополнительной маржи", en: "Estimated incremental margin" },
    definition: {
      ru: "Допущение, не измерение: доля из конфигурации (models.payback.estimatedIncrementalShare) × норма маржи × выручка участников за вычетом возвратов вне окон целевых групп измеренных кампаний. Пусто, если доля не задана.",
      en: "An assumption, not a measurement: the configured share (models.payback.estimatedIncrementalShare) × the margin rate × members' revenue net of returns outside the windows of measured campaigns' target groups. Empty without the share.",
    },
    audience: "members", unit: "money", source: { mart: "mart_programme_payback", column: "incremental_margin_estimated" },
  },
  {
    id: "payback_net_measured",
    label: { ru: "Итог по измеренному", en: "Net, measured only" },
    definition: {
      ru: "Доказанная дополнительная маржа минус затраты программы: окупаемость, которую доказали контрольные группы; всё неизмеренное считается нулём. Пусто, если неизвестна одна из частей.",
      en: "Measured incremental margin less the programme's cost: the payback control groups proved; whatever was not measured counts as zero. Empty when a part is unknown.",
    },
    audience: "members", unit: "money", source: { mart: "mart_programme_payback", column: "net_measured" },
  },
  {
    id: "payback_net_with_estimate",
    label: { ru: "Итог с оценкой", en: "Net, with the estimate" },
    definition: {
      ru: "Доказанная дополнительная маржа плюс оценка дополнительной маржи минус затраты программы. Держится на допущении оценки; пусто без неё.",
      en: "Measured plus estimated incremental margin, less the programme's cost. It rests on the estimate's assumption; empty without it.",
    },
    audience: "members", unit: "money", source: { mart: "mart_programme_payback", column: "net_with_estimate" },
  },
  {
    id: "bonus_paid_revenue",
    label: { ru: "Выручка чеков с оплатой баллами", en: "Revenue of receipts paid partly with points" },
    definition: { ru: "Сумма чеков продаж участников, в которых часть оплачена баллами; возвраты не вычитаются.", en: "Members' sales receipts partly paid with points; returns not subtracted." },
    audience: "members", unit: "money", source: { mart: "mart_programme_payback", column: "bonus_paid_revenue" },
  },
  {
    id: "mailing_reached_revenue",
    label: { ru: "Выручка участников после рассылки", en: "Revenue of members reached by a mailing" },
    definition: {
      ru: "Сумма чеков продаж участников, сделанных со дня доставленного сообщения кампании по последний день кампании (то же окно, что у отклика на сообщение); сообщения вне кампаний окна не имеют. Это не эффект: купившие бы и так тоже здесь.",
      en: "Members' sales receipts made from the day of a delivered campaign message to the campaign's last day (the window of the message response rate); messages outside campaigns have no window. Not the effect: those who would have bought anyway are here too.",
    },
    audience: "members", unit: "money", source: { mart: "mart_programme_payback", column: "reached_revenue" },
  },
  {
    id: "expected_purchases_90d",
    label: { ru: "Ожидаемые покупки за 90 дней", en: "Expected purchases in 90 days" },
    definition: { ru: "По BG/NBD: сколько покупок участник сделает в следующие 90 дней с учётом вероятности, что он ещё активен.", en: "From BG/NBD: the purchases a member will make in the next 90 days, weighed by the probability they are still active." },
    audience: "members", unit: "decimal", source: { mart: "mart_clv", column: "expected_purchases_90d" },
  },
  {
    id: "holdout_predicted",
    label: { ru: "Прогноз покупок на отложенном периоде", en: "Predicted holdout purchases" },
    definition: { ru: "Покупки, которые модель, обученная без последних дней, предсказала на эти дни; сравниваются с фактом.", en: "Purchases a model fitted without the last days predicted for them; compared with what happened." },
    audience: "members", unit: "decimal", source: { mart: "mart_clv_holdout", column: "predicted" },
  },
  {
    id: "tier_members",
    label: { ru: "Участники уровня", en: "Members in the tier" },
    definition: { ru: "Участники программы с этим уровнем на конец месяца (уровень — из профиля и датированных изменений в нём).", en: "Programme members in this tier at the month end (the tier from the profile and its dated changes)." },
    audience: "members", unit: "count", source: { mart: "mart_tiers", column: "members" },
  },
  {
    id: "tier_moves_up",
    label: { ru: "Повысили уровень", en: "Moved up a tier" },
    definition: { ru: "Участники, чей уровень на конец месяца выше, чем на конец предыдущего (порядок уровней — models.tiers.levels).", en: "Members whose tier at the month end is above the one at the previous month end (tier order: models.tiers.levels)." },
    audience: "members", unit: "count", source: { mart: "mart_tiers", column: "arrived_up" },
  },
  {
    id: "tier_moves_down",
    label: { ru: "Понизили уровень", en: "Moved down a tier" },
    definition: { ru: "Участники, чей уровень на конец месяца ниже, чем на конец предыдущего.", en: "Members whose tier at the month end is below the one at the previous month end." },
    audience: "members", unit: "count", source: { mart: "mart_tiers", column: "arrived_down" },
  },
  {
    id: "qualifying_spend",
    label: { ru: "Квалификационные траты", en: "Qualifying spend" },
    definition: { ru: "Выручка участника за вычетом возвратов за последние models.tiers.qualifyingMonths месяцев до конца месяца; на странице — в среднем по уровню.", en: "A member's revenue net of returns over the last models.tiers.qualifyingMonths months to the month end; on the page, the tier's mean." },
    audience: "members", unit: "money", source: { mart: "mart_tiers", column: "avg_qualifying_spend" },
  },
  {
    id: "close_to_next_tier",
    label: { ru: "Близко к следующему уровню", en: "Close to the next tier" },
    definition: { ru: "Участники, чьи квалификационные траты не ниже 80 % порога следующего уровня, но ещё не достигли его.", en: "Members whose qualifying spend is at least 80 % of the next tier's threshold but below it." },
    audience: "members", unit: "count", source: { mart: "mart_tiers", column: "close_to_next_tier" },
  },
  {
    id: "diagnosis_impact",
    label: { ru: "Эффект ячейки", en: "Effect of the cell" },
    definition: {
      ru: "Насколько выручка ячейки (магазина, города, стадии, категории) в месяце отличается от той, что была бы, изменись она как соседние ячейки (медиана): для доли — отклонение доли × выручка, к которой она относится.",
      en: "How far the cell's revenue in the month is from what it would be had it moved like its peers (their median): for a share, the share's excess × the revenue it applies to.",
    },
    audience: "members", unit: "money", source: { mart: "mart_diagnosis", column: "impact" },
  },
  {
    id: "diagnosis_p_value",
    label: { ru: "Вероятность случайности", en: "Chance of noise" },
    definition: {
      ru: "Вероятность увидеть такое отклонение ячейки при её обычных колебаниях за 12 месяцев (t-распределение), умноженная на число проверенных ячеек месяца (поправка Бонферрони); «больше колебаний» — ниже 1 % при эффекте от 0,2 % выручки участников.",
      en: "The chance of the cell's excess under its usual variation over 12 months (t distribution), times the number of cells tested that month (Bonferroni); \"more than noise\" below 1 % with an effect of at least 0.2 % of member revenue.",
    },
    audience: "members", unit: "share", source: { mart: "mart_diagnosis", column: "p_value" },
  },
  {
    id: "rows_quarantined",
    label: { ru: "Строк в карантине", en: "Quarantined rows" },
    definition: { ru: "Строки файлов, которые не загружены из-за ошибки в данных; хранятся с номером строки, полем и причиной.", en: "File rows not loaded because of a data error; kept with their line, field and reason." },
    audience: "all_buyers", unit: "count", source: { mart: "load_manifest", column: "rows_quarantined" },
  },
] as const satisfies readonly MetricDefinition[];

export type MetricId = (typeof METRICS)[number]["id"];

export const METRIC_BY_ID = new Map<string, MetricDefinition>(METRICS.map((m) => [m.id, m]));

export function metric(id: MetricId): MetricDefinition {
  return METRIC_BY_ID.get(id)!;
}

/** mart_kpi's metric columns, in the catalogue's order. */
export const KPI_COLUMNS: readonly string[] = [...new Set(METRICS.filter((m) => m.source.mart === "mart_kpi").map((m) => m.source.column))];
