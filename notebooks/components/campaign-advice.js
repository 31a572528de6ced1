// Campaign verdicts and goal statuses in Russian, and the generated "what to change next" advice
// (step 8 of the management loop) from a campaign's numbers.
export const VERDICTS = {
  "significant uplift": "значимый рост",
  "no significant effect": "нет значимого эффекта",
  "significant loss": "значимое падение",
  "not measurable: no control group": "не измерить: нет контрольной группы",
  "not measurable: the campaign starts after the last day of data": "не измерить: кампания начинается после последнего дня данных",
  "not measurable: no member can be linked to a purchase (members by customer id, receipts by card: is the cards feed loaded?)":
    "не измерить: ни одного участника не связать с покупками (участники по id клиента, чеки по карте: загружен ли файл карт?)",
};
/** A verdict in Russian, marked provisional while the campaign's window is still open. */
export const campaignVerdict = (c) => `${verdictName(c.verdict)}${c.measurable && c.window_complete === false ? " (предварительно)" : ""}`;
export const GOAL_STATUSES = {
  "reached": "достигнута",
  "not reached": "не достигнута",
  "not evaluated": "не оценена",
  "not machine-readable": "записана словами",
  "no goal": "не задана",
};
const MECHANICS = {winback_gift: "подарок за возвращение", prechurn_gift: "подарок в зоне риска оттока", birthday_gift: "подарок ко дню рождения", newsletter: "рассылка"};
const CHANNELS = {sms: "SMS", push: "push-уведомления", email: "e-mail", viber: "Viber", telegram: "Telegram", app: "приложение"};
export const mechanicName = (code) => MECHANICS[code] ?? code ?? "—";
export const campaignChannelName = (code) => CHANNELS[code] ?? code ?? "—";
/** A p-value as "p = 0,204" or "p < 0,001". */
export const pValue = (p, fmt) => (p == null ? "p = —" : p < 0.001 ? `p < ${new Intl.NumberFormat(fmt.locale).format(0.001)}` : `p = ${new Intl.NumberFormat(fmt.locale, {minimumFractionDigits: 3, maximumFractionDigits: 3}).format(p)}`);
export const verdictName = (v) => VERDICTS[v] ?? v ?? "—";
export const goalStatusName = (s) => GOAL_STATUSES[s] ?? s ?? "—";
/** A goal's value in its metric's unit: rubles per member for revenue_uplift, points for response_uplift, a share for the rest. */
export const goalValue = (metric, value, fmt) =>
  metric === "revenue_uplift" ? fmt.money2(value) : metric === "response_uplift" ? `${fmt.decimal(value * 100)} п. п.` : fmt.percent(value);
const GOAL_METRICS = {
  response_rate: "доля купивших в целевой группе",
  response_uplift: "прирост доли купивших против контроля",
  revenue_uplift: "прирост выручки на участника против контроля",
  relative_revenue_uplift: "относительный прирост выручки против контроля",
  relative_visits_uplift: "относительный прирост числа покупок против контроля",
  avg_check_change: "изменение среднего чека против контроля",
  roi: "ROI",
};
const OPERATORS = {">=": "не меньше", ">": "больше", "<=": "не больше", "<": "меньше"};
/** How the report understood a goal: «доля купивших в целевой группе не меньше 7,5 %». */
export const goalMeaning = (c, fmt) => `${GOAL_METRICS[c.goal_metric] ?? c.goal_metric} ${OPERATORS[c.goal_op ?? ">="]} ${goalValue(c.goal_metric, c.goal_target, fmt)}`;

/** Sentences: what the numbers say and what to change in the next wave. */
export function campaignAdvice(c, {fmt}) {
  const out = [];
  if (!c.measurable || c.verdict === "not measurable: no control group") {
    out.push("Без контрольной группы эффект кампании не отделить от сезона и обычных покупок: любая цифра «до/после» здесь — догадка.");
    out.push("Запустите её снова с контрольной группой: случайные 10–20 % целевой аудитории не получают предложения (чем меньше аудитория, тем ближе к 20 %).");
    return out;
  }
  const pp = (x) => `${x > 0 ? "+" : ""}${fmt.decimal((x ?? 0) * 100)} п. п.`;
  if (c.verdict === "significant uplift") {
    out.push(`Кампания сработала: отклик ${fmt.percent(c.response_rate_target)} против ${fmt.percent(c.response_rate_control)} в контроле (${pp(c.response_uplift)}), выручка на участника ${fmt.signedMoney(c.revenue_uplift)}.`);
    if (c.roi == null) {
      out.push("Окупаемость не посчитана: задайте models.campaigns.marginRate в конфигурации — без маржи нельзя сравнить эффект с затратами.");
    } else if (c.roi < 0) {
      out.push(`Но она не окупилась (ROI ${fmt.signedPercent(c.roi)}): эффект есть, а затраты больше дополнительной маржи. Дальше — ${c.channel === "sms" ? "дешевле канал (push или e-mail вместо SMS)" : "дешевле канал"}, меньше награда или уже сегмент: только те, у кого отклик выше всего.`);
    } else {
      out.push(`И окупилась (ROI ${fmt.signedPercent(c.roi)}). Дальше — масштабировать на похожие сегменты, сохранив контрольную группу, и проверить, держится ли эффект.`);
    }
  } else if (c.verdict === "significant loss") {
    out.push(`Целевая группа купила меньше контрольной (отклик ${pp(c.response_uplift)}, выручка на участника ${fmt.signedMoney(c.revenue_uplift)}): кампания навредила.`);
    out.push("Остановите эту механику для этого сегмента; проверьте текст и частоту сообщений (раздражение, отписки) и не сдвинула ли награда покупки во времени.");
  } else {
    out.push(`Значимого эффекта нет: разница отклика ${pp(c.response_uplift)} (95 %: ${pp(c.response_uplift_low)} … ${pp(c.response_uplift_high)}), выручки на участника ${fmt.signedMoney(c.revenue_uplift)} — в пределах случайности.`);
    const small = Math.min(c.target_members ?? 0, c.control_members ?? 0) < 500;
    if (small) out.push(`Группы малы (${fmt.integer(c.target_members)} и ${fmt.integer(c.control_members)}): слабый эффект мог не проявиться — повторите на большей аудитории или дольше.`);
    out.push(small
      ? "Если и на большей аудитории эффекта не будет — пробуйте другую механику (иная награда, порог или предложение) или более узкий сегмент, которому это предложение действительно нужно."
      : "Дальше — другая механика (иная награда, порог или предложение) или более узкий сегмент, которому это предложение действительно нужно; затраты на этот вариант лучше не повторять.");
  }
  if (c.goal_status === "reached") out.push(`Цель «${c.goal}» достигнута.`);
  else if (c.goal_status === "not reached") out.push(`Цель «${c.goal}» не достигнута: факт ${goalValue(c.goal_metric, c.goal_actual, fmt)} при плане ${goalValue(c.goal_metric, c.goal_target, fmt)}.`);
  else if (c.goal_status === "not machine-readable") out.push(`Цель «${c.goal}» записана словами — запишите её с числом одним из понятных отчёту способов («Вернуть 7,5% ушедших клиентов», «Удержать 5% клиентов», «Рост среднего чека на 8%», «ROI не ниже 50%» или «response_rate >= 7.5%»), и отчёт проверит её сам.`);
  else if (c.goal_status === "no goal") out.push("У кампании нет цели: задайте её до следующего запуска, иначе результат не с чем сравнить.");
  return out;
}
