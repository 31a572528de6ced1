import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Warehouse } from "../src/db/warehouse.js";
import { tempWarehouse } from "../test/helpers/temp-warehouse.js";
import { loadFile, type FileLoadResult } from "./load-file.js";
import { mappingProfileSchema } from "./mapping-profile.js";

let t: Awaited<ReturnType<typeof tempWarehouse>>;
let wh: Warehouse;
beforeEach(async () => {
  t = await tempWarehouse();
  wh = t.wh;
});
afterEach(() => t.cleanup());

const RECEIPTS_HEADER = "store_id;receipt_id;till_id;receipt_at;card_number;total;discount;bonus_earned;bonus_spent;payment_type;is_return;original_receipt_id";

function reconciles(r: FileLoadResult): void {
  expect(r.rowsRead).toBe(r.loaded + r.updated + r.quarantined + r.duplicates);
}

describe("a messy Windows-1251 receipts export", () => {
  const csv = [
    RECEIPTS_HEADER,
    "S1;R1;1;01.10.2026 10:15;2990000000017;1 234,50;0;61,73;0;карта;0;",
    "S1;R2;1;01.10.2026 11:00;;99,90;;;;наличные;0;",
    "S1;R3;1;31.02.2026 10:00;;10;;;;cash;0;",
    "S1;R4;1;2026-10-02T09:00:00;2990000000017;12,3,4;;;;cash;0;",
    "S1;R5;1;02.10.2026 12:00;2990000000017;-50,00;;;;card;0;",
    "S1;R6;1;02.10.2026 12:00;2990000000017;50,00;;;;card;1;R1",
    "S1;R7;1;02.10.2026 12:00",
    "S1;R1;1;01.10.2026 10:15;2990000000017;1 234,50;0;61,73;0;карта;0;",
    ";R8;1;02.10.2026 12:00;;10;;;;cash;0;",
    "S1;R9;1;02.10.2099 12:00;;10;;;;cash;0;",
  ].join("\r\n");

  it("loads the good rows typed, quarantines each bad one with line, field and reason, and reconciles", async () => {
    const r = await loadFile(wh, t.write("receipts_2026-10.csv", csv, { encoding: "windows-1251" }));
    expect(r).toMatchObject({ feed: "receipts", status: "loaded", rowsRead: 10, loaded: 3, duplicates: 1, quarantined: 6 });
    reconciles(r);
    const rows = await wh.all("SELECT receipt_id, total::DOUBLE AS total, bonus_earned::DOUBLE AS bonus, payment_type, is_return, card_number FROM stg_receipts ORDER BY receipt_id");
    expect(rows).toEqual([
      { receipt_id: "R1", total: 1234.5, bonus: 61.73, payment_type: "карта", is_return: false, card_number: "2990000000017" },
      { receipt_id: "R2", total: 99.9, bonus: null, payment_type: "наличные", is_return: false, card_number: null },
      { receipt_id: "R6", total: 50, bonus: null, payment_type: "card", is_return: true, card_number: "2990000000017" },
    ]);
    const quarantine = await wh.all("SELECT file_name, line, field, reason, value FROM quarantine ORDER BY line");
    expect(quarantine).toEqual([
      { file_name: "receipts_2026-10.csv", line: 4, field: "receipt_at", reason: "invalid_timestamp", value: "31.02.2026 10:00" },
      { file_name: "receipts_2026-10.csv", line: 5, field: "total", reason: "invalid_decimal", value: "12,3,4" },
      { file_name: "receipts_2026-10.csv", line: 6, field: "total", reason: "negative_on_sale", value: "-50.00" },
      { file_name: "receipts_2026-10.csv", line: 8, field: "card_number", reason: "missing_fields", value: "Expected Number of Columns: 12 Found: 4" },
      { file_name: "receipts_2026-10.csv", line: 10, field: "store_id", reason: "missing_required", value: null },
      { file_name: "receipts_2026-10.csv", line: 11, field: "receipt_at", reason: "future_date", value: "2099-10-02 12:00:00" },
    ]);
    const raw = await wh.one<{ raw: string }>("SELECT raw FROM quarantine WHERE line = 5");
    expect(raw.raw).toBe("S1;R4;1;2026-10-02T09:00:00;2990000000017;12,3,4;;;;cash;0;");
  });

  it("keeps the lines of good rows exact after a malformed record", async () => {
    await loadFile(wh, t.write("receipts_2026-10.csv", csv, { encoding: "windows-1251" }));
    const lines = await wh.all("SELECT receipt_id, _line FROM stg_receipts ORDER BY _line");
    expect(lines).toEqual([
      { receipt_id: "R1", _line: 2 },
      { receipt_id: "R2", _line: 3 },
      { receipt_id: "R6", _line: 7 },
    ]);
  });

  it("changes nothing when the same file is loaded twice", async () => {
    const path = t.write("receipts_2026-10.csv", csv, { encoding: "windows-1251" });
    const first = await loadFile(wh, path);
    const before = await wh.one("SELECT (SELECT count(*) FROM stg_receipts) r, (SELECT count(*) FROM quarantine) q, (SELECT count(*) FROM load_manifest) m");
    const second = await loadFile(wh, path);
    expect(second.status).toBe("skipped");
    expect(second.note).toMatch(new RegExp(`already loaded \\(file ${first.fileId}`));
    expect(await wh.one("SELECT (SELECT count(*) FROM stg_receipts) r, (SELECT count(*) FROM quarantine) q, (SELECT count(*) FROM load_manifest) m")).toEqual(before);
  });

  it("does not carry one file's malformed records into the next file's quarantine", async () => {
    await loadFile(wh, t.write("receipts_2026-10.csv", csv, { encoding: "windows-1251" }));
    const next = await loadFile(wh, t.write("bonus_ledger.jsonl", '{"entry_id":"E1","card_number":"K1","entry_at":"2026-10-01T10:00:00","kind":"accrual","points":5}\n'));
    expect(next).toMatchObject({ rowsRead: 1, loaded: 1, quarantined: 0 });
    expect(await wh.one("SELECT count(*)::INT AS n FROM quarantine WHERE file_id = $1", [next.fileId])).toEqual({ n: 0 });
  });

  it("counts re-sent receipts in another file as duplicates", async () => {
    await loadFile(wh, t.write("receipts_2026-10.csv", csv, { encoding: "windows-1251" }));
    const resent = [RECEIPTS_HEADER, "S1;R2;1;01.10.2026 11:00;;99,90;;;;наличные;0;", "S1;R10;2;03.10.2026 09:00;;15;;;;cash;0;"].join("\n");
    const r = await loadFile(wh, t.write("receipts_2026-10_resent.csv", resent));
    expect(r).toMatchObject({ rowsRead: 2, loaded: 1, duplicates: 1, quarantined: 0 });
    expect((await wh.one<{ n: number }>("SELECT count(*)::INT AS n FROM stg_receipts")).n).toBe(4);
  });
});

describe("padding around text values", () => {
  it("stores keys trimmed and quarantines a key that is only spaces as missing", async () => {
    const text = [RECEIPTS_HEADER, " S1 ;  R1 ;1;01.10.2026 10:15;;10;;;; cash ;0;", "   ;R2;1;01.10.2026 10:15;;10;;;;cash;0;"].join("\n");
    const r = await loadFile(wh, t.write("receipts_padded.csv", text));
    expect(r).toMatchObject({ rowsRead: 2, loaded: 1, quarantined: 1, duplicates: 0 });
    reconciles(r);
    expect(await wh.all("SELECT store_id, receipt_id, payment_type FROM stg_receipts")).toEqual([{ store_id: "S1", receipt_id: "R1", payment_type: "cash" }]);
    expect(await wh.all("SELECT line, field, reason, value FROM quarantine")).toEqual([{ line: 3, field: "store_id", reason: "missing_required", value: null }]);
  });

  it("counts a row that differs only in padding as a duplicate, in the same file and in a re-sent one", async () => {
    const first = [RECEIPTS_HEADER, "S1;R1;1;01.10.2026 10:15;;10;;;;cash;0;", " S1 ;R1 ;1;01.10.2026 10:15;;10;;;;cash;0;"].join("\n");
    const r1 = await loadFile(wh, t.write("receipts_1.csv", first));
    expect(r1).toMatchObject({ rowsRead: 2, loaded: 1, duplicates: 1, quarantined: 0 });
    const r2 = await loadFile(wh, t.write("receipts_2.csv", [RECEIPTS_HEADER, "  S1;  R1;1;01.10.2026 10:15;;10;;;;cash;0;"].join("\n")));
    expect(r2).toMatchObject({ rowsRead: 1, loaded: 0, duplicates: 1, quarantined: 0 });
    expect(await wh.all("SELECT store_id, receipt_id FROM stg_receipts")).toEqual([{ store_id: "S1", receipt_id: "R1" }]);
  });

  it("trims text in JSON Lines too", async () => {
    const r = await loadFile(wh, t.write("bonus_ledger.jsonl", '{"entry_id":" E1 ","card_number":" K1","entry_at":"2026-10-01T10:00:00","kind":"accrual","points":5}\n{"entry_id":"  ","card_number":"K1","entry_at":"2026-10-01T10:00:00","kind":"accrual","points":5}\n'));
    expect(r).toMatchObject({ rowsRead: 2, loaded: 1, quarantined: 1 });
    expect(await wh.all("SELECT entry_id, card_number FROM stg_bonus_ledger")).toEqual([{ entry_id: "E1", card_number: "K1" }]);
    expect(await wh.all("SELECT line, field, reason FROM quarantine")).toEqual([{ line: 2, field: "entry_id", reason: "missing_required" }]);
  });

  it("still takes typed Parquet columns as they are", async () => {
    const path = `${t.dir}/receipt_lines_2026-11.parquet`;
    await wh.exec(`COPY (SELECT 'S1' AS store_id, 'R1' AS receipt_id, 1 AS line_no, 'A1' AS sku, 2.0 AS quantity,
      10.5 AS price, 21.0 AS amount, 0.0 AS discount, NULL::VARCHAR AS promo_id, false AS is_return) TO '${path}' (FORMAT parquet)`);
    expect(await loadFile(wh, path)).toMatchObject({ rowsRead: 1, loaded: 1, quarantined: 0 });
  });
});

describe("formats", () => {
  it("reads UTF-8 with a BOM, commas, quoted fields with line breaks, gzip", async () => {
    const text = 'sku,name,category,subcategory,brand,margin_class,price\n"A1","Молоко ""Домик""\nв деревне",dairy,,Домик,B,89.90\nA2,Хлеб,bakery,,,A,45\n';
    const r = await loadFile(wh, t.write("products.csv.gz", text, { bom: true, gzip: true }));
    expect(r).toMatchObject({ feed: "products", rowsRead: 2, loaded: 2, quarantined: 0 });
    expect(await wh.all("SELECT sku, name, price::DOUBLE AS price FROM stg_products ORDER BY sku")).toEqual([
      { sku: "A1", name: 'Молоко "Домик"\nв деревне', price: 89.9 },
      { sku: "A2", name: "Хлеб", price: 45 },
    ]);
  });

  it("reads gzip-compressed Windows-1251", async () => {
    const text = "store_id;name;city;region;format;opened_on;closed_on\nS1;Гипермаркет;Москва;Москва;hyper;01.03.2015;\n";
    const r = await loadFile(wh, t.write("stores.csv.gz", text, { encoding: "windows-1251", gzip: true }));
    expect(r.loaded).toBe(1);
    expect(await wh.one("SELECT name, city, opened_on::VARCHAR AS opened FROM stg_stores")).toEqual({ name: "Гипермаркет", city: "Москва", opened: "2015-03-01" });
  });

  it("reads a headerless file by column position", async () => {
    const r = await loadFile(wh, t.write("stores_nohdr.csv", "S1;Магазин 1;Казань;;;;\nS2;Магазин 2;Казань;;;;\n"));
    expect(r).toMatchObject({ feed: "stores", rowsRead: 2, loaded: 2 });
    expect(await wh.all("SELECT store_id, city FROM stg_stores ORDER BY 1")).toEqual([
      { store_id: "S1", city: "Казань" },
      { store_id: "S2", city: "Казань" },
    ]);
  });

  it("reads JSON Lines, quarantining a line that is not JSON and keeping line numbers past blank lines", async () => {
    const text = [
      '{"entry_id":"E1","card_number":"2990000000017","entry_at":"2026-10-01T10:15:00","kind":"accrual","points":61.73}',
      "{broken",
      "",
      '{"entry_id":"E2","card_number":"2990000000017","entry_at":"2026-10-05T10:15:00","kind":"redemption","points":-20}',
      '{"entry_id":"E3","card_number":"2990000000017","entry_at":"2026-10-05T10:15:00","kind":"gift","points":5}',
    ].join("\n");
    const r = await loadFile(wh, t.write("bonus_ledger.jsonl", text));
    expect(r).toMatchObject({ feed: "bonus-ledger", rowsRead: 4, loaded: 2, quarantined: 2 });
    expect(await wh.all("SELECT line, field, reason, value FROM quarantine ORDER BY line")).toEqual([
      { line: 2, field: "(record)", reason: "invalid_json", value: null },
      { line: 5, field: "kind", reason: "not_accepted", value: "gift" },
    ]);
    expect(await wh.all("SELECT entry_id, points::DOUBLE AS points, _line FROM stg_bonus_ledger ORDER BY 1")).toEqual([
      { entry_id: "E1", points: 61.73, _line: 1 },
      { entry_id: "E2", points: -20, _line: 4 },
    ]);
  });

  it("reads Parquet with typed columns", async () => {
    const path = `${t.dir}/receipt_lines_2026-10.parquet`;
    await wh.exec(`COPY (SELECT 'S1' AS store_id, 'R' || i AS receipt_id, 1 AS line_no, 'A1' AS sku, 2.0 AS quantity,
      10.5 AS price, 21.0 AS amount, 0.0 AS discount, NULL::VARCHAR AS promo_id, false AS is_return FROM range(1, 1001) t(i)) TO '${path}' (FORMAT parquet)`);
    const r = await loadFile(wh, path);
    expect(r).toMatchObject({ feed: "receipt-lines", rowsRead: 1000, loaded: 1000, quarantined: 0 });
    expect(await wh.one("SELECT sum(amount)::DOUBLE AS s, count(DISTINCT receipt_id)::INT AS n FROM stg_receipt_lines")).toEqual({ s: 21000, n: 1000 });
  });
});

describe("reference data", () => {
  const header = "customer_id;first_name;last_name;gender;birth_date;city;phone;email;consent_sms;consent_email;consent_push;consent_messenger;children;has_car;pets;tier;registered_at;registration_channel;home_store_id";

  it("normalises phones and e-mails, warning (not dropping) on ones that are not", async () => {
    const text = [header, "C1;Иван;Петров;m;12.04.1985;Москва;8 (916) 123-45-67;Ivan@Mail.ru;1;0;;;2;да;;basic;01.02.2025 10:00;till;S1", "C2;Анна;;f;;;12345;нет почты;0;0;0;0;;;;basic;01.02.2025;app;S1"].join("\n");
    const r = await loadFile(wh, t.write("customers.csv", text));
    expect(r).toMatchObject({ loaded: 2, quarantined: 0 });
    expect(await wh.all("SELECT customer_id, phone, email, has_car FROM stg_customers ORDER BY 1")).toEqual([
      { customer_id: "C1", phone: "+79161234567", email: "ivan@mail.ru", has_car: true },
      { customer_id: "C2", phone: null, email: null, has_car: null },
    ]);
    expect(await wh.all("SELECT line, field, reason, value FROM load_warnings ORDER BY field")).toEqual([
      { line: 3, field: "email", reason: "invalid_email", value: "нет почты" },
      { line: 3, field: "phone", reason: "invalid_phone", value: "12345" },
    ]);
  });

  it("updates a corrected profile and keeps the history of tier and consent changes", async () => {
    const v1 = [header, "C1;Иван;Петров;m;;Москва;;;1;0;0;0;;;;basic;01.02.2025;till;S1", "C2;Анна;;f;;;;;0;0;0;0;;;;basic;01.02.2025;app;S1"].join("\n");
    const v2 = [header, "C1;Иван;Петров;m;;Москва;;;0;0;0;0;;;;gold;01.02.2025;till;S1", "C2;Анна;;f;;;;;0;0;0;0;;;;basic;01.02.2025;app;S1", "C3;Олег;;m;;;;;0;0;0;0;;;;basic;03.02.2025;site;S2"].join("\n");
    await loadFile(wh, t.write("customers_1.csv", v1));
    const r = await loadFile(wh, t.write("customers_2.csv", v2));
    expect(r).toMatchObject({ rowsRead: 3, loaded: 1, updated: 1, duplicates: 1 });
    reconciles(r);
    expect(await wh.all("SELECT customer_id, tier, consent_sms FROM stg_customers ORDER BY 1")).toEqual([
      { customer_id: "C1", tier: "gold", consent_sms: false },
      { customer_id: "C2", tier: "basic", consent_sms: false },
      { customer_id: "C3", tier: "basic", consent_sms: false },
    ]);
    expect(await wh.all("SELECT entity_key, field, old_value, new_value FROM history_changes ORDER BY field")).toEqual([
      { entity_key: "C1", field: "consent_sms", old_value: "true", new_value: "false" },
      { entity_key: "C1", field: "tier", old_value: "basic", new_value: "gold" },
    ]);
  });
  it("dates the changes a corrected profile brings by its updated_at, and by the load where it has none", async () => {
    const dated = `${header};updated_at`;
    await loadFile(wh, t.write("customers_1.csv", [dated, "C1;Иван;;m;;;;;1;0;0;0;;;;basic;01.02.2025;till;S1;01.02.2025 10:00"].join("\n")));
    await loadFile(wh, t.write("customers_2.csv", [dated, "C1;Иван;;m;;;;;1;0;0;0;1;;;silver;01.02.2025;till;S1;15.10.2026 09:30"].join("\n")));
    await loadFile(wh, t.write("customers_3.csv", [header, "C1;Иван;;m;;;;;0;0;0;0;1;;;silver;01.02.2025;till;S1"].join("\n")));
    expect(await wh.all("SELECT field, old_value, new_value, strftime(effective_at, '%Y-%m-%d %H:%M') AS effective_at, changed_at IS NOT NULL AS recorded FROM history_changes ORDER BY file_id, field")).toEqual([
      { field: "children", old_value: null, new_value: "1", effective_at: "2026-10-15 09:30", recorded: true },
      { field: "tier", old_value: "basic", new_value: "silver", effective_at: "2026-10-15 09:30", recorded: true },
      { field: "consent_sms", old_value: "true", new_value: "false", effective_at: null, recorded: true },
    ]);
    // the undated change is counted, at the line of its row
    expect(await wh.all("SELECT line, field, reason FROM load_warnings WHERE reason = 'undated_change'")).toEqual([{ line: 2, field: "updated_at", reason: "undated_change" }]);
  });
});

describe("clear errors for files that cannot be loaded", () => {
  it("names the file, line 1 and the missing column, and suggests a profile", async () => {
    const path = t.write("receipts_x.csv", "store;receipt;total\nS1;R1;10\n");
    await expect(loadFile(wh, path)).rejects.toThrow(
      /receipts_x\.csv: line 1: required columns store_id, receipt_id, receipt_at not found \(found: store, receipt, total\).*mapping profile/,
    );
  });

  it("refuses a profile written for another feed", async () => {
    const profile = mappingProfileSchema.parse({ feed: "stores" });
    await expect(loadFile(wh, t.write("receipts.csv", RECEIPTS_HEADER), { feed: "receipts", profile })).rejects.toThrow(/profile is for the stores feed/);
  });
});

describe("atomicity", () => {
  it("leaves no partial rows, quarantine or manifest when the load fails mid-file", async () => {
    const text = [RECEIPTS_HEADER, "S1;R1;1;01.10.2026 10:15;;10;;;;cash;0;", "S1;R2;1;01.10.2026 10:15;;x;;;;cash;0;"].join("\n");
    const path = t.write("receipts.csv", text);
    await expect(
      loadFile(wh, path, {
        beforeCommit: async () => {
          throw new Error("disk full");
        },
      }),
    ).rejects.toThrow("disk full");
    expect(await wh.one("SELECT (SELECT count(*) FROM stg_receipts)::INT r, (SELECT count(*) FROM quarantine)::INT q, (SELECT count(*) FROM load_manifest)::INT m")).toEqual({ r: 0, q: 0, m: 0 });
    const retry = await loadFile(wh, path);
    expect(retry).toMatchObject({ status: "loaded", loaded: 1, quarantined: 1 });
  });
});

describe("the future, as the chain's clock sees it", () => {
  it("judges feed timestamps (the chain's local time) against now in the chain's time zone", async () => {
    // an hour ago on the chain's clock in UTC+12: half a day in the future by UTC
    const fmt = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Kamchatka", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
    const localHourAgo = fmt.format(new Date(Date.now() - 3_600_000)).replace(" ", "T");
    const file = t.write("receipts_now.csv", `${RECEIPTS_HEADER}\nS1;K1;1;${localHourAgo};;100;;;;cash;0;\n`);
    const inUtc = await loadFile(wh, file, { futureToleranceDays: 0, timeZone: "UTC" });
    expect(inUtc).toMatchObject({ loaded: 0, quarantined: 1 });
    const other = t.write("receipts_now2.csv", `${RECEIPTS_HEADER}\nS1;K2;1;${localHourAgo};;100;;;;cash;0;\n`);
    expect(await loadFile(wh, other, { futureToleranceDays: 0, timeZone: "Asia/Kamchatka" })).toMatchObject({ loaded: 1, quarantined: 0 });
  });
});
