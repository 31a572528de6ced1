/**
 * Campaign goals written so a machine can check them: `<metric> <op> <number>[%]`, e.g.
 * `response_rate >= 7.5%` or `avg_check_change >= 8%`. Free-text goals are kept and reported as not
 * machine-readable rather than guessed at.
 */
export const GOAL_METRICS = ["response_rate", "response_uplift", "revenue_uplift", "relative_revenue_uplift", "avg_check_change", "roi"] as const;
export type GoalMetric = (typeof GOAL_METRICS)[number];

export interface Goal {
  metric: GoalMetric;
  op: ">=" | ">" | "<=" | "<";
  target: number;
}

const PATTERN = new RegExp(`^\\s*(${GOAL_METRICS.join("|")})\\s*(>=|>|<=|<)\\s*([+-]?\\d+(?:[.,]\\d+)?)\\s*(%)?\\s*$`);

export function parseGoal(text: string | null | undefined): Goal | undefined {
  const m = text ? PATTERN.exec(text) : null;
  if (!m) return undefined;
  const value = Number(m[3].replace(",", "."));
  return { metric: m[1] as GoalMetric, op: m[2] as Goal["op"], target: m[4] ? value / 100 : value };
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
