// Writes N receipt lines as UTF-8 CSV, Windows-1251 CSV (decimal commas, `;`) and Parquet.
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import iconv from "iconv-lite";
import { sqlString, withWarehouse } from "../src/db/warehouse.js";

export interface LineFiles {
  utf8: string;
  cp1251: string;
  parquet: string;
}

export async function makeLineFiles(dir: string, n: number): Promise<LineFiles> {
  const files = { utf8: `${dir}/receipt_lines_${n}.csv`, cp1251: `${dir}/receipt_lines_${n}_cp1251.csv`, parquet: `${dir}/receipt_lines_${n}.parquet` };
  if (Object.values(files).every((f) => existsSync(f))) return files;
  const lines = `SELECT 'S' || (i % 50) AS store_id, 'R' || (i // 4) AS receipt_id, (i % 4 + 1)::INT AS line_no, 'SKU' || (hash(i) % 5000) AS sku,
      ((hash(i, 1) % 3) + 1)::DECIMAL(18,2) AS quantity, ((hash(i, 2) % 90000) / 100 + 10)::DECIMAL(18,2) AS price,
      ((hash(i, 3) % 200000) / 100 + 10)::DECIMAL(18,2) AS amount, 0::DECIMAL(18,2) AS discount,
      CASE WHEN i % 7 = 0 THEN 'P' || (i % 13) END AS promo_id, false AS is_return FROM range(${n}) t(i)`;
  await withWarehouse(":memory:", async (wh) => {
    await wh.exec(`COPY (${lines}) TO ${sqlString(files.utf8)} (HEADER, DELIMITER ',')`);
    await wh.exec(`COPY (${lines}) TO ${sqlString(files.parquet)} (FORMAT parquet)`);
    const ru = `${files.cp1251}.utf8`;
    await wh.exec(`COPY (SELECT store_id, receipt_id, line_no, sku, replace(quantity::VARCHAR, '.', ',') AS quantity, replace(price::VARCHAR, '.', ',') AS price,
        replace(amount::VARCHAR, '.', ',') AS amount, replace(discount::VARCHAR, '.', ',') AS discount, coalesce(promo_id, 'Акция') AS promo_id, 'нет' AS is_return FROM (${lines}))
      TO ${sqlString(ru)} (HEADER, DELIMITER ';')`);
    await pipeline(createReadStream(ru), iconv.decodeStream("utf-8"), iconv.encodeStream("win1251"), createWriteStream(files.cp1251));
  });
  return files;
}
