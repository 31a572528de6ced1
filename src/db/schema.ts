/**
 * The warehouse schema in one place: every feed's staging table is declared once here, and both the
 * DuckDB DDL and the Kysely `Database` interface are derived from that declaration, so the two can
 * never drift apart.
 */

export type ColumnKind = "text" | "int" | "decimal" | "timestamp" | "date" | "bool" | "phone" | "email";

export interface ColumnSpec<K extends ColumnKind = ColumnKind> {
  kind: K;
  /** Part of the table's natural key (dedup / upsert key). Key columns are always required. */
  key?: boolean;
  /** A row without this value is quarantined. */
  required?: boolean;
  /** Values must be one of these (after lower-casing); anything else is quarantined. */
  accepted?: readonly string[];
  /** Smallest accepted value for numbers; negatives are allowed on returns only when `returnable`. */
  min?: number;
  /** Negative amounts are legal on returns (stored as absolute values with `is_return`). */
  returnable?: boolean;
  /** Changes of this column are kept in `history_changes` when a corrected row arrives. */
  history?: boolean;
  /** A date that may lie in the future (an expiry or validity date), exempt from the future check. */
  future?: boolean;
}

type JsType<K extends ColumnKind> = K extends "int" | "decimal"
  ? number
  : K extends "timestamp" | "date"
    ? Date
    : K extends "bool"
      ? boolean
      : string;

const text = (o: Omit<ColumnSpec<"text">, "kind"> = {}): ColumnSpec<"text"> => ({ kind: "text", ...o });
const int = (o: Omit<ColumnSpec<"int">, "kind"> = {}): ColumnSpec<"int"> => ({ kind: "int", ...o });
const decimal = (o: Omit<ColumnSpec<"decimal">, "kind"> = {}): ColumnSpec<"decimal"> => ({ kind: "decimal", ...o });
const timestamp = (o: Omit<ColumnSpec<"timestamp">, "kind"> = {}): ColumnSpec<"timestamp"> => ({ kind: "timestamp", ...o });
const date = (o: Omit<ColumnSpec<"date">, "kind"> = {}): ColumnSpec<"date"> => ({ kind: "date", ...o });
const bool = (o: Omit<ColumnSpec<"bool">, "kind"> = {}): ColumnSpec<"bool"> => ({ kind: "bool", ...o });
const phone = (): ColumnSpec<"phone"> => ({ kind: "phone" });
const email = (): ColumnSpec<"email"> => ({ kind: "email" });

export const CHANNELS = ["till", "app", "site", "online_form", "wallet", "import"] as const;
export const MESSAGE_CHANNELS = ["push", "messenger", "email", "sms"] as const;

/**
 * How a feed is merged into its staging table:
 * - `append`: facts; a row whose key is already loaded is a duplicate (re-sent receipts).
 * - `upsert`: reference data; a changed row replaces the stored one (a corrected profile),
 *   an identical one is a duplicate.
 */
export type MergeMode = "append" | "upsert";

export interface FeedSpec {
  table: string;
  mode: MergeMode;
  /** The column that dates a row, shown by `loyalty status` and checked against the future. */
  dateColumn?: string;
  columns: Record<string, ColumnSpec>;
}

const feedSpecs = {
  stores: {
    table: "stg_stores",
    mode: "upsert",
    dateColumn: "opened_on",
    columns: {
      store_id: text({ key: true }),
      name: text({ required: true }),
      city: text({ required: true }),
      region: text(),
      format: text(),
      opened_on: date(),
      closed_on: date({ future: true }),
    },
  },
  products: {
    table: "stg_products",
    mode: "upsert",
    columns: {
      sku: text({ key: true }),
      name: text({ required: true }),
      category: text(),
      subcategory: text(),
      brand: text(),
      margin_class: text(),
      price: decimal({ min: 0 }),
    },
  },
  cards: {
    table: "stg_cards",
    mode: "upsert",
    dateColumn: "issued_at",
    columns: {
      card_number: text({ key: true }),
      customer_id: text({ required: true }),
      issued_at: timestamp({ required: true }),
      channel: text({ accepted: CHANNELS }),
      status: text({ accepted: ["active", "blocked", "lost", "closed"], history: true }),
      tier: text({ history: true }),
      store_id: text(),
    },
  },
  customers: {
    table: "stg_customers",
    mode: "upsert",
    dateColumn: "registered_at",
    columns: {
      customer_id: text({ key: true }),
      first_name: text(),
      last_name: text(),
      gender: text({ accepted: ["m", "f"] }),
      birth_date: date(),
      city: text(),
      phone: phone(),
      email: email(),
      consent_sms: bool({ history: true }),
      consent_email: bool({ history: true }),
      consent_push: bool({ history: true }),
      consent_messenger: bool({ history: true }),
      children: int({ min: 0 }),
      has_car: bool(),
      pets: text(),
      tier: text({ history: true }),
      registered_at: timestamp(),
      registration_channel: text({ accepted: CHANNELS }),
      home_store_id: text(),
    },
  },
  receipts: {
    table: "stg_receipts",
    mode: "append",
    dateColumn: "receipt_at",
    columns: {
      store_id: text({ key: true }),
      receipt_id: text({ key: true }),
      till_id: text(),
      receipt_at: timestamp({ required: true }),
      card_number: text(),
      total: decimal({ required: true, min: 0, returnable: true }),
      discount: decimal({ min: 0 }),
      bonus_earned: decimal({ min: 0 }),
      bonus_spent: decimal({ min: 0 }),
      payment_type: text(),
      is_return: bool(),
      original_receipt_id: text(),
    },
  },
  "receipt-lines": {
    table: "stg_receipt_lines",
    mode: "append",
    columns: {
      store_id: text({ key: true }),
      receipt_id: text({ key: true }),
      line_no: int({ key: true, min: 1 }),
      sku: text({ required: true }),
      quantity: decimal({ required: true, min: 0, returnable: true }),
      price: decimal({ required: true, min: 0, returnable: true }),
      amount: decimal({ required: true, min: 0, returnable: true }),
      discount: decimal({ min: 0 }),
      promo_id: text(),
      is_return: bool(),
    },
  },
  "bonus-ledger": {
    table: "stg_bonus_ledger",
    mode: "append",
    dateColumn: "entry_at",
    columns: {
      entry_id: text({ key: true }),
      card_number: text({ required: true }),
      entry_at: timestamp({ required: true }),
      kind: text({ required: true, accepted: ["accrual", "redemption", "expiry", "adjustment"] }),
      points: decimal({ required: true }),
      store_id: text(),
      receipt_id: text(),
      expires_on: date({ future: true }),
    },
  },
  coupons: {
    table: "stg_coupons",
    mode: "upsert",
    dateColumn: "issued_at",
    columns: {
      coupon_id: text({ key: true }),
      card_number: text({ required: true }),
      campaign_id: text(),
      issued_at: timestamp({ required: true }),
      valid_to: date({ future: true }),
      redeemed_at: timestamp(),
      store_id: text(),
      receipt_id: text(),
      value: decimal({ min: 0 }),
    },
  },
  campaigns: {
    table: "stg_campaigns",
    mode: "upsert",
    dateColumn: "start_date",
    columns: {
      campaign_id: text({ key: true }),
      name: text({ required: true }),
      mechanic: text(),
      channel: text(),
      start_date: date({ required: true }),
      end_date: date({ required: true }),
      control_share: decimal({ min: 0 }),
      cost: decimal({ min: 0 }),
      goal: text(),
    },
  },
  "campaign-members": {
    table: "stg_campaign_members",
    mode: "append",
    columns: {
      campaign_id: text({ key: true }),
      customer_id: text({ key: true }),
      arm: text({ required: true, accepted: ["target", "control"] }),
      card_number: text(),
    },
  },
  messages: {
    table: "stg_messages",
    mode: "upsert",
    dateColumn: "sent_at",
    columns: {
      message_id: text({ key: true }),
      campaign_id: text(),
      customer_id: text({ required: true }),
      channel: text({ required: true, accepted: MESSAGE_CHANNELS }),
      sent_at: timestamp({ required: true }),
      delivered: bool(),
      opened_at: timestamp(),
      clicked_at: timestamp(),
      cost: decimal({ min: 0 }),
    },
  },
} as const satisfies Record<string, FeedSpec>;

export type FeedName = keyof typeof feedSpecs;
export const FEEDS: Record<FeedName, FeedSpec> = feedSpecs;
export const FEED_NAMES = Object.keys(feedSpecs) as FeedName[];

type StagingRow<C extends Record<string, ColumnSpec>> = {
  [K in keyof C]: C[K] extends { key: true } | { required: true }
    ? JsType<C[K]["kind"]>
    : JsType<C[K]["kind"]> | null;
} & LineageColumns;

/** Every staging row remembers where it came from. */
export interface LineageColumns {
  _file_id: number;
  _line: number;
}

export interface LoadManifestTable {
  file_id: number;
  path: string;
  file_name: string;
  sha256: string;
  feed: FeedName;
  profile: string | null;
  loaded_at: Date;
  rows_read: number;
  rows_loaded: number;
  rows_updated: number;
  rows_quarantined: number;
  rows_duplicate: number;
  min_date: Date | null;
  max_date: Date | null;
  bytes: number;
  duration_ms: number;
}

export interface QuarantineTable {
  file_id: number;
  feed: FeedName;
  file_name: string;
  line: number;
  field: string | null;
  reason: string;
  value: string | null;
  raw: string | null;
}

/** A value that failed normalisation (a phone or e-mail that is not one) on a row that was loaded. */
export interface LoadWarningsTable {
  file_id: number;
  feed: FeedName;
  line: number;
  field: string;
  reason: string;
  value: string | null;
}

export interface HistoryChangesTable {
  feed: FeedName;
  entity_key: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
  changed_at: Date;
  file_id: number;
}

export interface Database {
  stg_stores: StagingRow<(typeof feedSpecs)["stores"]["columns"]>;
  stg_products: StagingRow<(typeof feedSpecs)["products"]["columns"]>;
  stg_cards: StagingRow<(typeof feedSpecs)["cards"]["columns"]>;
  stg_customers: StagingRow<(typeof feedSpecs)["customers"]["columns"]>;
  stg_receipts: StagingRow<(typeof feedSpecs)["receipts"]["columns"]>;
  stg_receipt_lines: StagingRow<(typeof feedSpecs)["receipt-lines"]["columns"]>;
  stg_bonus_ledger: StagingRow<(typeof feedSpecs)["bonus-ledger"]["columns"]>;
  stg_coupons: StagingRow<(typeof feedSpecs)["coupons"]["columns"]>;
  stg_campaigns: StagingRow<(typeof feedSpecs)["campaigns"]["columns"]>;
  stg_campaign_members: StagingRow<(typeof feedSpecs)["campaign-members"]["columns"]>;
  stg_messages: StagingRow<(typeof feedSpecs)["messages"]["columns"]>;
  load_manifest: LoadManifestTable;
  quarantine: QuarantineTable;
  history_changes: HistoryChangesTable;
  load_warnings: LoadWarningsTable;
}

const SQL_TYPES: Record<ColumnKind, string> = {
  text: "VARCHAR",
  int: "BIGINT",
  decimal: "DECIMAL(18,2)",
  timestamp: "TIMESTAMP",
  date: "DATE",
  bool: "BOOLEAN",
  phone: "VARCHAR",
  email: "VARCHAR",
};

export function sqlType(kind: ColumnKind): string {
  return SQL_TYPES[kind];
}

export function keyColumns(spec: FeedSpec): string[] {
  return Object.entries(spec.columns)
    .filter(([, c]) => c.key)
    .map(([name]) => name);
}

/** The DDL of the whole warehouse, idempotent. */
export function schemaDdl(): string {
  const staging = FEED_NAMES.map((feed) => {
    const spec = FEEDS[feed];
    const cols = Object.entries(spec.columns).map(([name, c]) => `  ${name} ${sqlType(c.kind)}`);
    return `CREATE TABLE IF NOT EXISTS ${spec.table} (\n${cols.join(",\n")},\n  _file_id INTEGER NOT NULL,\n  _line BIGINT NOT NULL\n);`;
  });
  return [
    `CREATE SEQUENCE IF NOT EXISTS load_file_seq START 1;`,
    `CREATE TABLE IF NOT EXISTS load_manifest (
  file_id INTEGER PRIMARY KEY, path VARCHAR NOT NULL, file_name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL,
  feed VARCHAR NOT NULL, profile VARCHAR, loaded_at TIMESTAMP NOT NULL,
  rows_read BIGINT NOT NULL, rows_loaded BIGINT NOT NULL, rows_updated BIGINT NOT NULL,
  rows_quarantined BIGINT NOT NULL, rows_duplicate BIGINT NOT NULL,
  min_date TIMESTAMP, max_date TIMESTAMP, bytes BIGINT NOT NULL, duration_ms BIGINT NOT NULL
);`,
    `CREATE TABLE IF NOT EXISTS quarantine (
  file_id INTEGER NOT NULL, feed VARCHAR NOT NULL, file_name VARCHAR NOT NULL, line BIGINT NOT NULL,
  field VARCHAR, reason VARCHAR NOT NULL, value VARCHAR, raw VARCHAR
);`,
    `CREATE TABLE IF NOT EXISTS history_changes (
  feed VARCHAR NOT NULL, entity_key VARCHAR NOT NULL, field VARCHAR NOT NULL,
  old_value VARCHAR, new_value VARCHAR, changed_at TIMESTAMP NOT NULL, file_id INTEGER NOT NULL
);`,
    `CREATE TABLE IF NOT EXISTS load_warnings (
  file_id INTEGER NOT NULL, feed VARCHAR NOT NULL, line BIGINT NOT NULL, field VARCHAR NOT NULL,
  reason VARCHAR NOT NULL, value VARCHAR
);`,
    ...staging,
  ].join("\n");
}
