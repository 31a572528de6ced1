// Writes N lines of a line-level till export (one row per receipt line, the receipt's fields on
// every row; 1–6 lines a receipt) as UTF-8 CSV and Windows-1251 CSV (Russian headers, `;`, decimal
// commas, separate date and time columns) and as Parquet (typed columns under our names).
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import iconv from "iconv-lite";
import { mappingProfileSchema, type MappingProfile } from "../ingest/mapping-profile.js";
import { sqlString, withWarehouse } from "../src/db/warehouse.js";

export interface LineFiles {
  utf8: string;
  cp1251: string;
  parquet: string;
}

/** The profile of the CSV files (what `loyalty profile draft` writes for them). */
export const CSV_PROFILE: MappingProfile = mappingProfileSchema.parse({
  feed: "sales-lines", delimiter: ";", decimal: ",",
  columns: {
    store_id: "Магазин", till_id: "Касса", receipt_id: { concat: ["Касса", { text: "-" }, "Дата", { text: "-" }, "Номер чека"] },
    receipt_at: { datetime: ["Дата", "Время"] }, card_number: "Номер карты", sku: "Артикул", product_name: "Наименование",
    quantity: "Кол-во", price: "Цена", amount: "Сумма", discount: "Скидка", is_return: "Тип операции",
  },
  values: { is_return: { Продажа: "false", Возврат: "true" } },
});

export async function makeLineFiles(dir: string, n: number): Promise<LineFiles> {
  const files = { utf8: `${dir}/sales_lines_${n}.csv`, cp1251: `${dir}/sales_lines_${n}_cp1251.csv`, parquet: `${dir}/sales_lines_${n}.parquet` };
  if (Object.values(files).every((f) => existsSync(f))) return files;
  // receipt r has 1 + hash(r) % 6 lines; a line is (r, k); ~3.5 lines a receipt
  const lines = `WITH receipts AS (
      SELECT r, (1 + hash(r) % 6)::BIGINT AS n, hash(r, 1) % 50 AS store, 1 + hash(r, 2) % 8 AS till,
        TIMESTAMP '2026-10-01 08:00' + to_minutes((r * 97 % 43200)::BIGINT) AS sold_at, hash(r, 3) % 10 < 6 AS identified, hash(r, 4) % 40 = 0 AS is_return
      FROM range(${Math.ceil(n / 3.5) + 10}) t(r)
    )
    SELECT 'S' || store AS store_id, till, r + 1 AS number, sold_at, CASE WHEN identified THEN (2990000000000 + hash(r, 5) % 1000000)::VARCHAR END AS card_number,
      'SKU' || (hash(r, k) % 5000) AS sku, 'Товар ' || (hash(r, k) % 5000) AS product_name, ((hash(r, k, 1) % 3) + 1)::DECIMAL(18,2) AS quantity,
      ((hash(r, k, 2) % 90000) / 100 + 10)::DECIMAL(18,2) AS price, 0::DECIMAL(18,2) AS discount, is_return
    FROM receipts, range(n) l(k) ORDER BY r, k LIMIT ${n}`;
  const typed = `SELECT store_id, till::VARCHAR || '-' || strftime(sold_at, '%d.%m.%Y') || '-' || number AS receipt_id, till::VARCHAR AS till_id, sold_at AS receipt_at,
      card_number, sku, product_name, quantity, price, (quantity * price)::DECIMAL(18,2) AS amount, discount, is_return FROM (${lines})`;
  const text = `SELECT store_id AS "Магазин", till AS "Касса", number AS "Номер чека", strftime(sold_at, '%d.%m.%Y') AS "Дата", strftime(sold_at, '%H:%M:%S') AS "Время",
      card_number AS "Номер карты", sku AS "Артикул", product_name AS "Наименование", replace(quantity::VARCHAR, '.', ',') AS "Кол-во",
      replace(price::VARCHAR, '.', ',') AS "Цена", replace((quantity * price)::DECIMAL(18,2)::VARCHAR, '.', ',') AS "Сумма",
      replace(discount::VARCHAR, '.', ',') AS "Скидка", CASE WHEN is_return THEN 'Возврат' ELSE 'Продажа' END AS "Тип операции"
    FROM (${lines})`;
  await withWarehouse(":memory:", async (wh) => {
    await wh.exec(`COPY (${typed}) TO ${sqlString(files.parquet)} (FORMAT parquet)`);
    await wh.exec(`COPY (${text}) TO ${sqlString(files.utf8)} (HEADER, DELIMITER ';')`);
  });
  await pipeline(createReadStream(files.utf8), iconv.decodeStream("utf-8"), iconv.encodeStream("win1251"), createWriteStream(files.cp1251));
  return files;
}
