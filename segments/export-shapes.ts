/**
 * The three shapes a segment run is exported in, as queries over the run's member list:
 * - `marketer`: everything about each member incl. the control arm; contacts only on request and
 *   only those the member consented to;
 * - `pos`: what the till needs to apply the offers still valid (card, code, validity); no personal data;
 * - `mailer`: target members with the contact of their chosen channel, consent-checked, and the
 *   personalisation fields.
 * Consent is read from the current profiles at export time, so a withdrawal that arrived after the
 * run is honoured.
 */
import { CVM_STAGE_NAMES_RU } from "../models/marts/cvm-states.js";
import { CHANNEL_NAMES_RU } from "./channel-cascade.js";
import { shippedSegmentLabelsRu } from "../models/marts/rfm-segment-map.js";
import { sql } from "kysely";
import { db, sqlText } from "../src/db/query-builder.js";
import { quoteIdent, sqlNameOf } from "../src/db/warehouse.js";

export const EXPORT_SHAPES = ["marketer", "pos", "mailer"] as const;
/** Declared here, not beside the writers, so the config can name formats without loading exceljs. */
export const EXPORT_FORMATS = ["csv", "xlsx", "parquet", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type ExportShape = (typeof EXPORT_SHAPES)[number];

/** A consented contact per channel; push goes to the app account, which is the customer id. */
const CONTACT_BY_CHANNEL = `CASE m.channel
    WHEN 'sms' THEN CASE WHEN c.consent_sms THEN c.phone END
    WHEN 'messenger' THEN CASE WHEN c.consent_messenger THEN c.phone END
    WHEN 'email' THEN CASE WHEN c.consent_email THEN c.email END
    WHEN 'push' THEN CASE WHEN c.consent_push THEN m.customer_id END
  END`;

/**
 * Contacts for the marketer shape: only consented ones, with the consents beside them (a phone may
 * be there for messengers only), and none for the control arm, which must not be contacted.
 */
const MARKETER_CONTACTS = `, CASE WHEN NOT m.is_control THEN c.first_name END AS first_name,
  CASE WHEN NOT m.is_control AND (c.consent_sms OR c.consent_messenger) THEN c.phone END AS phone,
  CASE WHEN NOT m.is_control AND c.phone IS NOT NULL THEN coalesce(c.consent_sms, false) END AS phone_sms_consent,
  CASE WHEN NOT m.is_control AND c.phone IS NOT NULL THEN coalesce(c.consent_messenger, false) END AS phone_messenger_consent,
  CASE WHEN NOT m.is_control AND c.consent_email THEN c.email END AS email`;

/**
 * The till's list: every offer of the segment's runs up to this one that is still valid on the
 * first day of this run's offers, the newest per member (on the member's card in that run). A
 * member who leaves a trigger segment (the day after "birthday in 5 days") keeps the offer that was
 * promised until it expires; a newer offer of the segment replaces an older one.
 */
function posOffersQuery(run: number): string {
  const thisRun = db.selectFrom("segment_runs").select(["segment", "as_of"]).where("run_id", "=", sql.lit(run));
  const offers = db
    .selectFrom("segment_members as m")
    .innerJoin("segment_runs as r", "r.run_id", "m.run_id")
    .innerJoin(thisRun.as("this"), "this.segment", "r.segment")
    .select((eb) => [
      "m.is_control", "m.card_number", "m.offer_code", "m.valid_from", "m.valid_to",
      eb.fn.agg<number>("row_number").over((over) => over.partitionBy("m.customer_id").orderBy("m.run_id", "desc")).as("newest"),
    ])
    .where("m.run_id", "<=", sql.lit(run))
    .where("m.offer_code", "is not", null)
    .whereRef("m.valid_to", ">", "this.as_of");
  return sqlText(
    db.selectFrom(offers.as("offers"))
      .select(["card_number", "offer_code", "valid_from", "valid_to"])
      .where("newest", "=", sql.lit(1))
      .where("is_control", "=", sql.lit(false))
      .where("card_number", "is not", null)
      .orderBy("card_number"),
  );
}

/**
 * A run's member list, the columns the shapes read (typed: the shapes' own SQL is text, over marts
 * and profiles the builder does not type).
 */
function runMembersSql(run: number): string {
  return sqlText(
    db.selectFrom("segment_members")
      .select(["customer_id", "card_number", "is_control", "channel", "offer_code", "offer_text", "valid_from", "valid_to"])
      .where("run_id", "=", sql.lit(run)),
  );
}

/** The columns that identify a member row of a shape (what a destination keys its copy by). */
export const SHAPE_KEY: Record<ExportShape, string> = { marketer: "customer_id", pos: "card_number", mailer: "customer_id" };

/** The rows of one shape for a run; `runId` is an integer from segment_runs, never user text. */
export function shapeQuery(shape: ExportShape, runId: number, withContacts = false): string {
  const run = Math.trunc(runId);
  switch (shape) {
    case "pos":
      return posOffersQuery(run);
    case "mailer":
      return `SELECT * FROM (
          SELECT m.customer_id, m.channel, ${CONTACT_BY_CHANNEL} AS contact, c.first_name,
            round(f.bonus_balance, 2) AS bonus_balance, m.offer_code, m.offer_text, m.valid_to
          FROM (${runMembersSql(run)}) m JOIN stg_customers c USING (customer_id) LEFT JOIN mart_customer_features f USING (customer_id)
          WHERE NOT m.is_control AND m.channel IS NOT NULL
        ) WHERE contact IS NOT NULL ORDER BY customer_id`;
    case "marketer":
      return `SELECT m.customer_id, m.card_number, CASE WHEN m.is_control THEN 'control' ELSE 'target' END AS arm, m.channel,
          m.offer_code, m.offer_text, m.valid_from, m.valid_to, f.rfm_segment, f.cvm_stage, f.recency_days, f.frequency,
          round(f.monetary, 2) AS monetary, round(f.avg_check, 2) AS avg_check, round(f.p_alive, 4) AS p_alive, round(f.clv, 2) AS clv,
          round(f.bonus_balance, 2) AS bonus_balance, f.tier, f.city, f.home_store_id, f.days_to_birthday
          ${withContacts ? MARKETER_CONTACTS : ""}
        FROM (${runMembersSql(run)}) m LEFT JOIN mart_customer_features f USING (customer_id)
          ${withContacts ? "LEFT JOIN stg_customers c USING (customer_id)" : ""}
        ORDER BY m.customer_id`;
  }
}

/** The marketer shape's columns as a person reading a Russian file expects them. */
const MARKETER_HEADERS_RU: Record<string, string> = {
  customer_id: "ID клиента", card_number: "Карта", arm: "Группа", channel: "Канал", offer_code: "Код предложения", offer_text: "Предложение",
  valid_from: "Действует с", valid_to: "Действует по", rfm_segment: "Сегмент RFM", cvm_stage: "Стадия CVM", recency_days: "Дней с последней покупки",
  frequency: "Покупок", monetary: "Сумма покупок", avg_check: "Средний чек", p_alive: "Вероятность активности (P(alive))", clv: "CLV",
  bonus_balance: "Бонусный баланс", tier: "Уровень", city: "Город", home_store_id: "Домашний магазин", days_to_birthday: "Дней до дня рождения",
};
/** …and its contact columns, when they were asked for. */
const CONTACT_HEADERS_RU: Record<string, string> = {
  first_name: "Имя", phone: "Телефон", phone_sms_consent: "Согласие на SMS", phone_messenger_consent: "Согласие на мессенджеры", email: "E-mail",
};

/** The codes named for people; read when a file is written (the segment maps are files, not read at start-up). */
const codeNamesRu = (): Record<string, Record<string, string>> => ({
  arm: { target: "целевая", control: "контрольная" },
  channel: CHANNEL_NAMES_RU,
  cvm_stage: CVM_STAGE_NAMES_RU,
  rfm_segment: shippedSegmentLabelsRu(),
});

const BOOLEAN_COLUMNS = new Set(["phone_sms_consent", "phone_messenger_consent"]);

/**
 * The marketer shape for people reading Russian (a CSV or workbook opened in Excel): Russian headers,
 * codes named (группа «контрольная», стадия «лояльные»), yes/no for consents. Systems get the shape
 * as it is, with its codes.
 */
export function marketerForPeopleRu(query: string, withContacts = false): string {
  const headers = { ...MARKETER_HEADERS_RU, ...(withContacts ? CONTACT_HEADERS_RU : {}) };
  const codeNames = codeNamesRu();
  const replaced = Object.keys(headers).flatMap((column) => {
    const names = codeNames[column];
    if (names) return [`${sqlNameOf(column, names)} AS ${column}`];
    if (BOOLEAN_COLUMNS.has(column)) return [`CASE WHEN ${column} THEN 'да' WHEN NOT ${column} THEN 'нет' END AS ${column}`];
    return [];
  });
  // a column the shape gains later passes through under its own name rather than vanishing
  const renamed = Object.entries(headers).map(([column, header]) => `${column} AS ${quoteIdent(header)}`);
  return `SELECT * RENAME (${renamed.join(", ")}) FROM (SELECT * REPLACE (${replaced.join(", ")}) FROM (${query}))`;
}
