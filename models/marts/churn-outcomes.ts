import type { TableRefs } from "../table-refs.js";
import { ACTIVE_STAGES } from "./cvm-states.js";

/**
 * The members at risk of churning in each month and whether they did, for mart_churn_drivers and
 * mart_churn_signals: a member is at risk when at the previous month's end they were in a buying
 * stage (new, developing, loyal, pre-churn, won back), and churned when at this month's end their
 * stage is `churned` (mart_cvm_monthly, as mart_cvm_transitions counts its moves); the others stayed.
 * Members who never bought cannot churn, and those already churned are not at risk again.
 */
export function churnOutcomesSql({ ref }: Pick<TableRefs, "ref">): string {
  return `SELECT member_id, as_of, previous_as_of, stage = 'churned' AS is_churned
    FROM (
      SELECT member_id, as_of, stage, lag(as_of) OVER w AS previous_as_of, lag(stage) OVER w AS previous_stage
      FROM ${ref("mart_cvm_monthly")} WINDOW w AS (PARTITION BY member_id ORDER BY as_of)
    )
    WHERE previous_stage IN (${ACTIVE_STAGES.map((s) => `'${s}'`).join(", ")})`;
}
