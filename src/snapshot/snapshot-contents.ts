/**
 * What a snapshot publishes, declared once. The snapshot is what other engines, tools and the report
 * site read, so it holds no personal data by construction: only the tables listed here (the core and
 * mart tables, and the few the site's pages need), each without its personal columns. Anything not
 * listed stays in the warehouse: the staging tables (stg_*: names, phones, e-mails and birth dates as
 * the feeds sent them, and the core views over them: receipt lines, bonus movements, coupons,
 * messages), the change history, the segments' enrolments, the destinations' state and the
 * sync log. Contacts leave only through the explicit exports and the destinations that need them.
 *
 * Member ids and card numbers are published: they are the keys other engines join on.
 */

/** Columns that hold personal data: left out of every published table that has them. */
export const PERSONAL_COLUMNS = ["first_name", "last_name", "phone", "email", "birth_date", "contact"] as const;

export interface PublishedTable {
  /** Further columns left out of this table, and why (besides PERSONAL_COLUMNS). */
  withheld?: Record<string, string>;
  /** Large tables are Hive-partitioned by the month of this column, so readers can skip months. */
  partitionByMonthOf?: string;
}

/** Every published table; a table not listed here is never published. */
export const PUBLISHED_TABLES: Record<string, PublishedTable> = {
  // core
  dim_stores: {},
  dim_cards: {},
  dim_customers: {}, // birth_date is personal; the age stays
  fct_receipts: { partitionByMonthOf: "receipt_at" },
  fct_purchase_days: { partitionByMonthOf: "day" },
  dim_campaigns: {},
  fct_campaign_members: {},
  fct_member_tiers: { partitionByMonthOf: "period_start" },
  fct_member_entry: {},
  fct_profile_changes: {
    withheld: { old_value: "a changed phone, e-mail, name or birth date is personal", new_value: "a changed phone, e-mail, name or birth date is personal" },
  },
  // marts
  mart_kpi: {},
  mart_revenue_factors: {},
  mart_segment_revenue_factors: {},
  mart_revenue_decomposition: {},
  mart_rfm: {},
  mart_rfm_segments: {},
  mart_clv_summaries: {},
  mart_clv: {},
  mart_clv_params: {},
  mart_clv_holdout: {},
  mart_cvm_stage: {},
  mart_cvm_monthly: {},
  mart_cvm_history: {},
  mart_cvm_transitions: {},
  mart_stage_economics: {},
  mart_churn_drivers: {},
  mart_churn_signals: {},
  mart_cohort_retention: {},
  mart_conversion: {},
  mart_staff_kpi: {},
  mart_store_identification: {},
  mart_store_hours: {},
  mart_profile_quality: {},
  mart_portrait: {},
  mart_bonus_monthly: {},
  mart_bonus_use: {},
  mart_communications: {},
  mart_coupons: {},
  mart_promotions: {},
  mart_campaign_results: {},
  mart_campaign_daily: {},
  mart_programme_payback: {},
  mart_diagnosis_cells: {},
  mart_diagnosis: {},
  mart_tiers: {},
  mart_category_sales: {},
  mart_entry_category: {},
  mart_category_affinity: {},
  mart_customer_features: {
    withheld: { days_to_birthday: "with as_of and age it gives the birth date", days_to_child_birthday: "with as_of it gives a child's birthday" },
  },
  // what the site's Segments and Data quality pages read
  segment_runs: {},
  segment_members: {},
  load_manifest: {},
  quarantine: { withheld: { raw: "the raw line may hold phones and e-mails", value: "the rejected value may be a phone or an e-mail" } },
  load_warnings: { withheld: { value: "the value warned about may be a phone or an e-mail" } },
};

/** The columns of `table` that are not published, of those it has. */
export function withheldColumns(table: string, columns: string[]): string[] {
  const withheld = new Set<string>([...PERSONAL_COLUMNS, ...Object.keys(PUBLISHED_TABLES[table]?.withheld ?? {})]);
  return columns.filter((c) => withheld.has(c));
}
