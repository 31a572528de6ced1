/**
 * Campaign goals a machine can check: a metric of the campaign's results, a direction and a target.
 * Given as an object in the config ({ metric, op, target }), as `<metric> <op> <number>[%]`
 * (`response_rate >= 7.5%`), or in one of the common Russian phrasings (PHRASINGS below: «Вернуть
 * 7,5% ушедших клиентов» is a response rate of at least 7.5 % in the target group). Other free text is
 * kept and reported as not machine-readable rather than guessed at. Responses are counted over the
 * campaign's window, money over the window plus `afterWindowDays`, as in mart_campaign_results.
 */
import { z } from "zod";

export const GOAL_METRICS = [
  "response_rate", "response_uplift", "revenue_uplift", "relative_revenue_uplift", "relative_visits_uplift", "avg_check_change", "roi",
] as const;
export type GoalMetric = (typeof GOAL_METRICS)[number];

const OPERATORS = [">=", ">", "<=", "<"] as const;

export const goalSchema = z
  .object({
    metric: z.enum(GOAL_METRICS),
    op: z.enum(OPERATORS).default(">="),
    /** A share as a fraction (0.075 for 7.5 %), rubles per member for revenue_uplift, a ratio for roi. */
    target: z.number(),
  })
  .strict();

export type Goal = z.infer<typeof goalSchema>;

const NUMBER = String.raw`([+-]?\d+(?:[.,]\d+)?)`;
const number = (text: string) => Number(text.replace(",", "."));

const FORMAL = new RegExp(String.raw`^\s*(${GOAL_METRICS.join("|")})\s*(>=|>|<=|<)\s*${NUMBER}\s*(%)?\s*$`);

/**
 * The Russian phrasings understood, each with the goal it means (a number with "%" or "п. п." is a
 * share). Documented on the campaigns page and in docs/operator.md (configuration); anything else stays free text.
 */
const PHRASINGS: { pattern: RegExp; goal: (n: number, percent: boolean) => Goal; example: string }[] = [
  {
    // win-back and activation: the share of the target group that bought in the window
    pattern: new RegExp(String.raw`^\s*(?:вернуть|активировать|вовлечь)\s+${NUMBER}\s*%`, "i"),
    goal: (n) => ({ metric: "response_rate", op: ">=", target: n / 100 }),
    example: "Вернуть 7,5% ушедших клиентов",
  },
  {
    pattern: new RegExp(String.raw`^\s*покупк\S*\s(?:.*\s)?у\s+${NUMBER}\s*%`, "i"),
    goal: (n) => ({ metric: "response_rate", op: ">=", target: n / 100 }),
    example: "Покупка в день рождения у 30% именинников",
  },
  {
    pattern: new RegExp(String.raw`^\s*отклик\S*\s+(?:не\s+ниже\s+|от\s+)?${NUMBER}\s*%`, "i"),
    goal: (n) => ({ metric: "response_rate", op: ">=", target: n / 100 }),
    example: "Отклик не ниже 12%",
  },
  {
    // retention: the buyers the campaign kept beyond those who would have bought anyway (control)
    pattern: new RegExp(String.raw`^\s*удержать\s+${NUMBER}\s*%`, "i"),
    goal: (n) => ({ metric: "response_uplift", op: ">=", target: n / 100 }),
    example: "Удержать 5% клиентов в зоне риска оттока",
  },
  {
    pattern: new RegExp(String.raw`^\s*(?:прирост|рост)\s+отклика\s+(?:на\s+)?${NUMBER}\s*(?:п\.\s*п\.|пп|%)`, "i"),
    goal: (n) => ({ metric: "response_uplift", op: ">=", target: n / 100 }),
    example: "Прирост отклика на 3 п. п.",
  },
  {
    pattern: new RegExp(String.raw`^\s*(?:рост|прирост|увеличить|увеличение)\s+среднего\s+чека\s+(?:на\s+)?${NUMBER}\s*%`, "i"),
    goal: (n) => ({ metric: "avg_check_change", op: ">=", target: n / 100 }),
    example: "Рост среднего чека на 8%",
  },
  {
    pattern: new RegExp(String.raw`^\s*(?:рост|прирост|увеличить|увеличение)\s+выручки\s+(?:на\s+)?${NUMBER}\s*%`, "i"),
    goal: (n) => ({ metric: "relative_revenue_uplift", op: ">=", target: n / 100 }),
    example: "Рост выручки на 10%",
  },
  {
    pattern: new RegExp(String.raw`^\s*(?:рост|прирост|увеличить|увеличение)\s+частоты(?:\s+покупок)?\s+(?:\S+\s+)*?на\s+${NUMBER}\s*%`, "i"),
    goal: (n) => ({ metric: "relative_visits_uplift", op: ">=", target: n / 100 }),
    example: "Рост частоты покупок лояльного ядра на 5%",
  },
  {
    pattern: new RegExp(String.raw`^\s*ROI\s+(?:не\s+ниже\s+|от\s+)?${NUMBER}\s*(%)?`, "i"),
    goal: (n, percent) => ({ metric: "roi", op: ">=", target: percent ? n / 100 : n }),
    example: "ROI не ниже 50%",
  },
];

/** The examples of the Russian phrasings, for the page that tells users how to write a goal. */
export const GOAL_PHRASING_EXAMPLES = PHRASINGS.map((p) => p.example);

export function parseGoal(goal: string | Goal | null | undefined): Goal | undefined {
  if (!goal) return undefined;
  if (typeof goal !== "string") return goal;
  const m = FORMAL.exec(goal);
  if (m) return { metric: m[1] as GoalMetric, op: m[2] as Goal["op"], target: m[4] ? number(m[3]) / 100 : number(m[3]) };
  for (const phrasing of PHRASINGS) {
    const p = phrasing.pattern.exec(goal);
    if (p) return phrasing.goal(number(p[1]), p[2] === "%");
  }
  return undefined;
}

export function goalReached(goal: Goal, actual: number): boolean {
  switch (goal.op) {
    case ">=":
      return actual >= goal.target;
    case ">":
      return actual > goal.target;
    case "<=":
      return actual <= goal.target;
    case "<":
      return actual < goal.target;
  }
}
