/**
 * The fields a segment definition may filter on, and how each becomes SQL. A definition names a
 * field from this list (anything else is rejected by the schema); its values only ever reach the
 * query as bound parameters, so a definition can never inject SQL.
 */
import { CVM_STAGES } from "../models/marts/cvm-states.js";
import { MESSAGE_CHANNELS } from "../src/db/schema.js";

export type FieldType = "number" | "text" | "boolean";

interface FieldBase {
  type: FieldType;
  description: string;
  /** For text fields with a closed set of values: anything else is a typo, rejected. */
  accepted?: readonly string[];
}

/** A column of `mart_customer_features` (alias `f`). */
export interface ColumnField extends FieldBase {
  kind: "column";
}

/**
 * A figure over a window of days, computed per run from the facts: `lastDays` back from the as-of
 * date (purchases, spend, category), or `nextDays` ahead of it (bonuses that will expire).
 */
export interface WindowField extends FieldBase {
  kind: "window";
  window: "lastDays" | "nextDays";
  needsCategory?: boolean;
  /**
   * One row per customer_id with the figure as `value`; `$days`, `$category` and `$asOf` are
   * placeholders the compiler replaces with bound parameters.
   */
  sql: string;
}

export type SegmentField = ColumnField | WindowField;

const column = (type: FieldType, description: string, accepted?: readonly string[]): ColumnField => ({ kind: "column", type, description, accepted });

const receiptsInWindow = `FROM fct_receipts WHERE is_identified AND receipt_date > $asOf - $days::INT AND receipt_date <= $asOf`;
const categoryLinesInWindow = `FROM stg_receipt_lines l JOIN stg_products p ON p.sku = l.sku
  JOIN fct_receipts r ON r.store_id = l.store_id AND r.receipt_id = l.receipt_id
  WHERE r.is_identified AND p.category = $category AND r.receipt_date > $asOf - $days::INT AND r.receipt_date <= $asOf`;

export const SEGMENT_FIELDS = {
  // profile
  tier: column("text", "loyalty tier"),
  city: column("text", "the member's city (as in the profile)"),
  home_store_id: column("text", "home store"),
  gender: column("text", "m or f", ["m", "f"]),
  age: column("number", "age in full years"),
  days_to_birthday: column("number", "days until the next birthday (0 = today)"),
  days_since_registration: column("number", "days since joining the programme"),
  children: column("number", "number of children, as the profile gives it (null: not given)"),
  has_car: column("boolean", "has a car, as the profile gives it (null: not given)"),
  pets: column("text", "pets, as the profile gives them"),
  profile_completeness: column("number", "share of the 10 profile fields filled in, 0–1"),
  days_to_child_birthday: column("number", "days until a child's next birthday (the nearest; null: no children in the children feed)"),
  // tiers (the levels and qualifying months are config models.tiers)
  qualifying_spend: column("number", "revenue net of returns over the tier's qualifying months"),
  next_tier: column("text", "the tier above the member's (null at the top or without models.tiers.levels)"),
  amount_to_next_tier: column("number", "qualifying spend still needed for the next tier"),
  // triggers from the profile's dated history
  days_since_tier_change: column("number", "days since the member's tier last changed (null: never)"),
  last_tier_move: column("text", "the last tier change: up, down or unranked (a tier models.tiers.levels does not rank)", ["up", "down", "unranked"]),
  days_since_consent_given: column("number", "days since the member last gave a consent on any channel (null: never changed)"),
  days_since_consent_withdrawn: column("number", "days since the member last withdrew a consent on any channel (null: never)"),
  days_since_profile_completed: column("number", "days since the profile became complete (null: not complete)"),
  // RFM and value
  frequency: column("number", "purchases (sales receipts) to date"),
  recency_days: column("number", "days since the last purchase"),
  monetary: column("number", "revenue to date, net of returns"),
  avg_check: column("number", "average check to date"),
  recency_score: column("number", "RFM recency score 1–5"),
  frequency_score: column("number", "RFM frequency score 1–5"),
  monetary_score: column("number", "RFM monetary score 1–5"),
  rfm_score: column("number", "RFM score as three digits, e.g. 545"),
  rfm_segment: column("text", "named RFM segment (the map in models/marts/rfm-segment-maps/ the config names)"),
  cvm_stage: column("text", "CVM lifecycle stage", CVM_STAGES),
  p_alive: column("number", "BG/NBD probability the member is still active (null when not fitted)"),
  clv: column("number", "customer lifetime value (null when not fitted)"),
  // bonuses
  bonus_balance: column("number", "bonus points on the member's cards"),
  // contactability
  has_phone: column("boolean", "a valid phone is on file"),
  has_email: column("boolean", "a valid e-mail is on file"),
  has_app: column("boolean", "uses the app (push reachable with consent)"),
  consent_sms: column("boolean", "consented to SMS"),
  consent_email: column("boolean", "consented to e-mail"),
  consent_push: column("boolean", "consented to push"),
  consent_messenger: column("boolean", "consented to messengers"),
  days_since_contact: column("number", "days since the last message sent (null: never)"),
  // windows
  purchases: {
    kind: "window", type: "number", window: "lastDays",
    description: "purchases in the last N days",
    sql: `SELECT member_id AS customer_id, count(*) FILTER (WHERE NOT is_return) AS value ${receiptsInWindow} GROUP BY member_id`,
  },
  spend: {
    kind: "window", type: "number", window: "lastDays",
    description: "revenue (net of returns) in the last N days",
    sql: `SELECT member_id AS customer_id, sum(net_amount) AS value ${receiptsInWindow} GROUP BY member_id`,
  },
  category_spend: {
    kind: "window", type: "number", window: "lastDays", needsCategory: true,
    description: "spend in a product category in the last N days",
    sql: `SELECT r.member_id AS customer_id, sum(CASE WHEN l.is_return THEN -abs(l.amount) ELSE l.amount END)::DOUBLE AS value ${categoryLinesInWindow} GROUP BY r.member_id`,
  },
  category_visits: {
    kind: "window", type: "number", window: "lastDays", needsCategory: true,
    description: "receipts with a product of a category in the last N days",
    sql: `SELECT r.member_id AS customer_id, count(DISTINCT (r.store_id, r.receipt_id)) FILTER (WHERE NOT r.is_return) AS value ${categoryLinesInWindow} GROUP BY r.member_id`,
  },
  expiring_bonuses: {
    kind: "window", type: "number", window: "nextDays",
    // The ledger does not say which points a redemption used, so this is the points accrued with an
    // expiry date in the window, capped by the current balance: what the member can lose at most.
    description: "bonus points that expire in the next N days (at most the balance)",
    sql: `SELECT f.customer_id, least(f.bonus_balance, sum(abs(b.points)))::DOUBLE AS value
      FROM stg_bonus_ledger b JOIN dim_cards c USING (card_number) JOIN mart_customer_features f ON f.customer_id = c.customer_id
      WHERE b.kind = 'accrual' AND b.entry_at < $asOf + 1 AND b.expires_on > $asOf AND b.expires_on <= $asOf + $days::INT
      GROUP BY f.customer_id, f.bonus_balance`,
  },
} as const satisfies Record<string, SegmentField>;

export type FieldName = keyof typeof SEGMENT_FIELDS;
export const FIELD_NAMES = Object.keys(SEGMENT_FIELDS) as [FieldName, ...FieldName[]];

/** Channels a segment can reach members on, and what each needs besides consent. */
export const CHANNEL_NEEDS: Record<(typeof MESSAGE_CHANNELS)[number], { consent: string; contact: string }> = {
  push: { consent: "consent_push", contact: "has_app" },
  messenger: { consent: "consent_messenger", contact: "has_phone" },
  email: { consent: "consent_email", contact: "has_email" },
  sms: { consent: "consent_sms", contact: "has_phone" },
};
