/**
 * The warehouse schema in one place: every feed's staging table is declared once here, and both the
 * DuckDB DDL and the Kysely table types (`StagingTables`, part of database.ts's `Database`) are
 * derived from that declaration, so the two can never drift apart. The loader's bookkeeping tables are declared in tables/ingest-tables.ts.
 */
import { INGEST_TABLES } from "./tables/ingest-tables.js";
import { bigint, Column, integer, table as declareTable, tablesDdl, type SqlType, type TableDecl } from "./tables/table.js";

export type ColumnKind = "text" | "int" | "decimal" | "timestamp" | "date" | "bool" | "phone" | "email";

export interface ColumnSpec<K extends ColumnKind = ColumnKind> {
  kind: K;
  /** What the column holds, for `loyalty feeds` and the feed reference (docs/operator.md). */
  doc: string;
  /** Part of the table's natural key (dedup / upsert key). Key columns are always required. */
  key?: boolean;
  /** A row without this value is quarantined. */
  required?: boolean;
  /** A closed list: values must be one of these (after lower-casing); anything else is quarantined. */
  accepted?: readonly string[];
  /**
   * An open list: the values the models know (after lower-casing). Other values are kept as given,
   * counted as a warning (`unknown_value` in load_warnings) and grouped as "other" in reports:
   * registration channels, card statuses and the like grow new values without notice.
   */
  known?: readonly string[];
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

type Options<K extends ColumnKind> = Omit<ColumnSpec<K>, "kind" | "doc">;
const text = (doc: string, o: Options<"text"> = {}): ColumnSpec<"text"> => ({ kind: "text", doc, ...o });
const int = (doc: string, o: Options<"int"> = {}): ColumnSpec<"int"> => ({ kind: "int", doc, ...o });
const decimal = (doc: string, o: Options<"decimal"> = {}): ColumnSpec<"decimal"> => ({ kind: "decimal", doc, ...o });
const timestamp = (doc: string, o: Options<"timestamp"> = {}): ColumnSpec<"timestamp"> => ({ kind: "timestamp", doc, ...o });
const date = (doc: string, o: Options<"date"> = {}): ColumnSpec<"date"> => ({ kind: "date", doc, ...o });
const bool = (doc: string, o: Options<"bool"> = {}): ColumnSpec<"bool"> => ({ kind: "bool", doc, ...o });
const phone = (doc: string, o: Options<"phone"> = {}): ColumnSpec<"phone"> => ({ kind: "phone", doc, ...o });
const email = (doc: string, o: Options<"email"> = {}): ColumnSpec<"email"> => ({ kind: "email", doc, ...o });

export const CHANNELS = ["till", "app", "site", "online_form", "wallet", "import"] as const;
/** The registration channels' Russian names, for what people read (the site, the diagnosis). */
export const REGISTRATION_CHANNEL_NAMES_RU: Record<(typeof CHANNELS)[number], string> = {
  till: "касса", app: "приложение", site: "сайт", online_form: "онлайн-анкета", wallet: "электронный кошелёк", import: "импорт",
};
export const MESSAGE_CHANNELS = ["push", "messenger", "email", "sms"] as const;
export const CARD_STATUSES = ["active", "blocked", "lost", "closed"] as const;

/**
 * How a feed is merged into its staging table:
 * - `append`: facts. A row whose key is already loaded with the same content is a duplicate (a
 *   re-sent file); with different content it is a conflict, quarantined as `conflicting_resend`
 *   unless the load says the re-send corrects what came before (`--corrections replace`).
 * - `upsert`: reference data; a changed row replaces the stored one (a corrected profile),
 *   an identical one is a duplicate.
 */
export type MergeMode = "append" | "upsert";

/**
 * Receipt lines that arrive as blocks: the lines of one receipt are consecutive rows, often with no
 * line number. A line's number is then its position in its receipt's block; a receipt that comes
 * again in a later block is a re-send of that receipt, compared line by line with what is loaded.
 */
export interface ReceiptBlocks {
  /** The columns that name the receipt. */
  receipt: readonly string[];
  /** The line-number column, filled with the position in the block when the export has none. */
  position: string;
  /** Columns of the receipt itself, repeated on every line (line-level exports): equal within a block. */
  receiptColumns?: readonly string[];
}

export interface FeedSpec {
  /** The staging table its rows land in. */
  table: string;
  mode: MergeMode;
  /** One sentence for `loyalty feeds`. */
  description: string;
  /** The feed's name on the Russian report site. */
  titleRu: string;
  /** A file name the feed is recognised by. */
  example: string;
  /** The column that dates a row, shown by `loyalty status` and checked against the future. */
  dateColumn?: string;
  columns: Record<string, ColumnSpec>;
  blocks?: ReceiptBlocks;
  /** A line-level export: its receipts are derived from its lines into stg_receipts. */
  derivesReceipts?: boolean;
  /** Columns of which at least one must be present (a member named by customer id or by card). */
  requireOneOf?: readonly string[];
}

/** Columns of a receipt line, shared by the receipt-lines feed and line-level exports. */
const lineColumns = {
  line_no: int("line number in the receipt; when the export has none, the line's position in its receipt's block", { key: true, min: 1 }),
  sku: text("product code (article, SKU, barcode)", { required: true }),
  quantity: decimal("units or weight; negative on a return when the export signs returns", { required: true, min: 0, returnable: true }),
  price: decimal("unit price", { min: 0, returnable: true }),
  amount: decimal("what the line cost the buyer, after its discount", { required: true, min: 0, returnable: true }),
  discount: decimal("discount on the line", { min: 0 }),
  promo_id: text("promotion or till mechanic that applied"),
  is_return: bool("the line belongs to a return (also set by negative amounts, see returnWhenNegative)"),
  product_name: text("product name as the export gives it"),
  bonus_earned: decimal("bonus points earned on the line", { min: 0 }),
  bonus_spent: decimal("bonus points spent on the line", { min: 0 }),
};

/** The receipt's own columns as a line-level export repeats them on every line. */
const receiptHeaderColumns = {
  store_id: text("store code", { key: true }),
  receipt_id: text("receipt number, unique within the store (compose it from till, date and number when numbers restart)", { key: true }),
  till_id: text("till (cash register)"),
  cashier_id: text("cashier"),
  receipt_at: timestamp("date and time of the purchase, the store's local time", { required: true }),
  card_number: text("loyalty card; empty on an anonymous purchase"),
  payment_type: text("how it was paid (card, cash, sbp, …)"),
  original_receipt_id: text("on a return: the receipt of the sale it returns"),
};

const feedSpecs = {
  stores: {
    table: "stg_stores",
    mode: "upsert",
    titleRu: "магазины",
    description: "The chain's stores.",
    example: "stores.csv",
    dateColumn: "opened_on",
    columns: {
      store_id: text("store code", { key: true }),
      name: text("store name", { required: true }),
      city: text("city", { required: true }),
      region: text("region"),
      format: text("format (hyper, super, convenience, …)"),
      opened_on: date("opening date"),
      closed_on: date("closing date, if closed", { future: true }),
    },
  },
  products: {
    table: "stg_products",
    mode: "upsert",
    titleRu: "товары",
    description: "The assortment: one row per SKU with its place in the category tree.",
    example: "products.jsonl",
    columns: {
      sku: text("product code", { key: true }),
      name: text("product name", { required: true }),
      category: text("category"),
      subcategory: text("subcategory"),
      brand: text("brand"),
      margin_class: text("margin class (A/B/C, …)"),
      price: decimal("list price", { min: 0 }),
    },
  },
  cards: {
    table: "stg_cards",
    mode: "upsert",
    titleRu: "карты",
    description: "Loyalty cards and the customer each belongs to; a corrected card replaces the stored one (status and tier changes kept, dated by updated_at).",
    example: "cards.csv",
    dateColumn: "issued_at",
    columns: {
      card_number: text("card number", { key: true }),
      customer_id: text("customer the card belongs to", { required: true }),
      issued_at: timestamp("when the card was issued", { required: true }),
      channel: text("where it was registered", { known: CHANNELS }),
      status: text("card status", { known: CARD_STATUSES, history: true }),
      tier: text("programme tier", { history: true }),
      store_id: text("store that issued it"),
      updated_at: timestamp("when the source system last changed the card: dates the status and tier changes a corrected card brings"),
    },
  },
  customers: {
    table: "stg_customers",
    mode: "upsert",
    titleRu: "клиенты",
    description: "Customer profiles with contacts and consents; a corrected profile replaces the stored one (changes of tier, consents and profile fields kept, dated by updated_at).",
    example: "customers.csv",
    dateColumn: "registered_at",
    columns: {
      customer_id: text("customer id", { key: true }),
      first_name: text("first name"),
      last_name: text("last name"),
      gender: text("gender: m or f (other values are kept and counted)", { known: ["m", "f"], history: true }),
      birth_date: date("birth date", { history: true }),
      city: text("city", { history: true }),
      phone: phone("phone in any shape; stored as +7XXXXXXXXXX", { history: true }),
      email: email("e-mail; stored lower-case", { history: true }),
      consent_sms: bool("agreed to SMS", { history: true }),
      consent_email: bool("agreed to e-mail", { history: true }),
      consent_push: bool("agreed to push notifications", { history: true }),
      consent_messenger: bool("agreed to messenger messages", { history: true }),
      children: int("number of children", { min: 0, history: true }),
      has_car: bool("has a car", { history: true }),
      pets: text("pets", { history: true }),
      tier: text("programme tier", { history: true }),
      registered_at: timestamp("when the customer joined the programme"),
      registration_channel: text("where the customer registered", { known: CHANNELS }),
      home_store_id: text("the customer's home store"),
      updated_at: timestamp("when the source system last changed the profile: dates the changes a corrected profile brings (tier, consents, profile fields); without it they are dated by the load"),
    },
  },
  children: {
    table: "stg_children",
    mode: "upsert",
    titleRu: "дети",
    description: "Customers' children from the profile (one row per child), for children's birthday offers.",
    example: "children.csv",
    columns: {
      customer_id: text("the parent: customer id", { key: true }),
      child_id: text("the child's number or id within the customer (1, 2, …)", { key: true }),
      birth_date: date("the child's birth date", { required: true }),
      gender: text("m or f", { known: ["m", "f"] }),
    },
  },
  receipts: {
    table: "stg_receipts",
    mode: "append",
    titleRu: "чеки",
    description: "One row per receipt (sale or return). Amounts may be missing in an event log: models that need them say so.",
    example: "receipts_2026-10.csv",
    dateColumn: "receipt_at",
    columns: {
      store_id: receiptHeaderColumns.store_id,
      receipt_id: receiptHeaderColumns.receipt_id,
      till_id: receiptHeaderColumns.till_id,
      receipt_at: receiptHeaderColumns.receipt_at,
      card_number: receiptHeaderColumns.card_number,
      total: decimal("what the buyer paid, after discounts; empty when the export has no amounts", { min: 0, returnable: true }),
      discount: decimal("discount on the receipt", { min: 0 }),
      bonus_earned: decimal("bonus points earned", { min: 0 }),
      bonus_spent: decimal("bonus points spent (paid with bonuses)", { min: 0 }),
      payment_type: receiptHeaderColumns.payment_type,
      is_return: bool("a return (also set by a negative total, see returnWhenNegative)"),
      original_receipt_id: receiptHeaderColumns.original_receipt_id,
      cashier_id: receiptHeaderColumns.cashier_id,
    },
  },
  "receipt-lines": {
    table: "stg_receipt_lines",
    mode: "append",
    titleRu: "строки чеков",
    description: "One row per receipt line, for receipts that come in the receipts feed.",
    example: "receipt_lines_2026-10.parquet",
    columns: {
      store_id: text("store code", { key: true }),
      receipt_id: text("receipt number", { key: true }),
      ...lineColumns,
    },
    blocks: { receipt: ["store_id", "receipt_id"], position: "line_no" },
  },
  "sales-lines": {
    table: "stg_receipt_lines",
    mode: "append",
    titleRu: "строки продаж (построчная выгрузка)",
    description: "A line-level till or ERP export: one row per receipt line with the receipt's own fields on every row; the receipts are derived from it.",
    example: "sales_lines_2026-10-05.csv",
    dateColumn: "receipt_at",
    columns: { ...receiptHeaderColumns, ...lineColumns },
    blocks: {
      receipt: ["store_id", "receipt_id"],
      position: "line_no",
      receiptColumns: ["till_id", "cashier_id", "receipt_at", "card_number", "payment_type", "original_receipt_id", "is_return"],
    },
    derivesReceipts: true,
  },
  "bonus-ledger": {
    table: "stg_bonus_ledger",
    mode: "append",
    titleRu: "движения бонусов",
    description: "Bonus point movements: accrual, redemption, expiry, manual adjustment.",
    example: "bonus_ledger.jsonl",
    dateColumn: "entry_at",
    columns: {
      entry_id: text("ledger entry id", { key: true }),
      card_number: text("card", { required: true }),
      entry_at: timestamp("when", { required: true }),
      kind: text("accrual, redemption, expiry or adjustment", { required: true, accepted: ["accrual", "redemption", "expiry", "adjustment"] }),
      points: decimal("points moved (positive)", { required: true }),
      store_id: text("store"),
      receipt_id: text("receipt it belongs to"),
      expires_on: date("when accrued points expire", { future: true }),
    },
  },
  coupons: {
    table: "stg_coupons",
    mode: "upsert",
    titleRu: "купоны",
    description: "Coupons issued to cards; the same coupon arrives again when it is redeemed.",
    example: "coupons.csv",
    dateColumn: "issued_at",
    columns: {
      coupon_id: text("coupon id", { key: true }),
      card_number: text("card it was issued to", { required: true }),
      campaign_id: text("campaign"),
      issued_at: timestamp("when issued", { required: true }),
      valid_to: date("last day it can be used", { future: true }),
      redeemed_at: timestamp("when redeemed"),
      store_id: text("store where redeemed"),
      receipt_id: text("receipt where redeemed"),
      value: decimal("face value", { min: 0 }),
    },
  },
  campaigns: {
    table: "stg_campaigns",
    mode: "upsert",
    titleRu: "кампании",
    description: "Campaigns and promotions with their period, control share, cost and goal.",
    example: "campaigns.jsonl",
    dateColumn: "start_date",
    columns: {
      campaign_id: text("campaign id", { key: true }),
      name: text("name", { required: true }),
      mechanic: text("mechanic (win-back, welcome, …)"),
      channel: text("channel"),
      start_date: date("first day", { required: true }),
      end_date: date("last day", { required: true }),
      control_share: decimal("share of the target held out as control", { min: 0 }),
      cost: decimal("cost of the campaign besides rewards, its messages included (without it: the messages' costs)", { min: 0 }),
      goal: text("goal, e.g. «Вернуть 7,5% ушедших клиентов», «Рост среднего чека на 8%» or response_rate >= 7.5%"),
    },
  },
  "campaign-members": {
    table: "stg_campaign_members",
    mode: "append",
    titleRu: "участники кампаний",
    description: "Who was in a campaign's target or control group, by customer id or by card.",
    example: "campaign_members.csv",
    columns: {
      campaign_id: text("campaign id", { key: true }),
      customer_id: text("customer id (or give the card)", { key: true }),
      arm: text("target or control", { required: true, accepted: ["target", "control"] }),
      card_number: text("card (enough on its own when the feed has no customer id)", { key: true }),
    },
    requireOneOf: ["customer_id", "card_number"],
  },
  messages: {
    table: "stg_messages",
    mode: "upsert",
    titleRu: "сообщения",
    description: "Communications sent, with delivery, opening, clicks and cost; the same message arrives again as its status changes.",
    example: "messages.jsonl.gz",
    dateColumn: "sent_at",
    columns: {
      message_id: text("message id", { key: true }),
      campaign_id: text("campaign"),
      customer_id: text("recipient", { required: true }),
      channel: text("push, messenger, email or sms (other channels are kept and counted)", { required: true, known: MESSAGE_CHANNELS }),
      sent_at: timestamp("when sent", { required: true }),
      delivered: bool("delivered"),
      opened_at: timestamp("when opened"),
      clicked_at: timestamp("when clicked"),
      cost: decimal("cost of the message", { min: 0 }),
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

/** The staging tables as Kysely sees them (the warehouse's whole `Database` is in database.ts). */
export interface StagingTables {
  stg_stores: StagingRow<(typeof feedSpecs)["stores"]["columns"]>;
  stg_products: StagingRow<(typeof feedSpecs)["products"]["columns"]>;
  stg_cards: StagingRow<(typeof feedSpecs)["cards"]["columns"]>;
  stg_customers: StagingRow<(typeof feedSpecs)["customers"]["columns"]>;
  stg_children: StagingRow<(typeof feedSpecs)["children"]["columns"]>;
  stg_receipts: StagingRow<(typeof feedSpecs)["receipts"]["columns"]>;
  stg_receipt_lines: StagingRow<(typeof feedSpecs)["receipt-lines"]["columns"]>;
  stg_bonus_ledger: StagingRow<(typeof feedSpecs)["bonus-ledger"]["columns"]>;
  stg_coupons: StagingRow<(typeof feedSpecs)["coupons"]["columns"]>;
  stg_campaigns: StagingRow<(typeof feedSpecs)["campaigns"]["columns"]>;
  stg_campaign_members: StagingRow<(typeof feedSpecs)["campaign-members"]["columns"]>;
  stg_messages: StagingRow<(typeof feedSpecs)["messages"]["columns"]>;
}

const SQL_TYPES: Record<ColumnKind, SqlType> = {
  text: "VARCHAR",
  int: "BIGINT",
  decimal: "DECIMAL(18,2)",
  timestamp: "TIMESTAMP",
  date: "DATE",
  bool: "BOOLEAN",
  phone: "VARCHAR",
  email: "VARCHAR",
};

export function sqlType(kind: ColumnKind): SqlType {
  return SQL_TYPES[kind];
}

export function keyColumns(spec: FeedSpec): string[] {
  return Object.entries(spec.columns)
    .filter(([, c]) => c.key)
    .map(([name]) => name);
}

/**
 * The columns of each staging table: those of the first feed that names it. A line-level export
 * (sales-lines) lands in the tables of the receipt-lines and receipts feeds.
 */
export function stagingTables(): { table: string; feed: FeedName; columns: Record<string, ColumnSpec> }[] {
  const seen = new Set<string>();
  return FEED_NAMES.filter((feed) => !seen.has(FEEDS[feed].table) && seen.add(FEEDS[feed].table)).map((feed) => ({
    table: FEEDS[feed].table,
    feed,
    columns: FEEDS[feed].columns,
  }));
}

/** The columns of `feed` that its staging table stores. */
export function storedColumns(feed: FeedName): string[] {
  const owner = stagingTables().find((t) => t.table === FEEDS[feed].table)!;
  return Object.keys(FEEDS[feed].columns).filter((c) => c in owner.columns);
}

/** A staging table as a table declaration: its feed's columns, all nullable, and where each row came from. */
export function stagingTableDecl(table: string, columns: Record<string, ColumnSpec>): TableDecl {
  return declareTable(table, {
    ...Object.fromEntries(Object.entries(columns).map(([name, c]) => [name, Column.of(sqlType(c.kind)).nullable()])),
    _file_id: integer(),
    _line: bigint(),
  });
}

/**
 * The DDL of the loader's tables, idempotent: the staging tables and the loader's bookkeeping;
 * columns added since a warehouse was made are added to it.
 */
export function schemaDdl(): string {
  return tablesDdl([...INGEST_TABLES, ...stagingTables().map(({ table, columns }) => stagingTableDecl(table, columns))]);
}
