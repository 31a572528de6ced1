/**
 * A file whose structure is wrong fails whole, with exit code 3 and a message naming the file and
 * the problem, and nothing of it reaches the warehouse: no rows, no quarantine, no manifest entry.
 * (Loading such a file row by row would load garbage: a customers file read with the wrong
 * delimiter once gave 20 "customers" whose ids held whole lines with names and phones.)
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import iconv from "iconv-lite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT, InputFileError } from "../src/errors.js";
import { sqlString } from "../src/db/warehouse.js";
import { tempWarehouse } from "../test/helpers/temp-warehouse.js";
import { loadFile } from "./load-file.js";
import { mappingProfileSchema } from "./mapping-profile.js";

let t: Awaited<ReturnType<typeof tempWarehouse>>;
beforeEach(async () => {
  t = await tempWarehouse();
});
afterEach(() => t.cleanup());

const CUSTOMERS = "customer_id;first_name;last_name;phone\nC1;Анна;Петрова;+79161234567\nC2;Иван;Сидоров;89031112233\n";

/** Loading `path` fails with an InputFileError (exit 3) matching `message`, and leaves the warehouse as it was. */
async function failsWhole(path: string, message: RegExp, options: Parameters<typeof loadFile>[2] = {}): Promise<void> {
  const error = await loadFile(t.wh, path, options).then(() => undefined, (err: unknown) => err);
  expect(error).toBeInstanceOf(InputFileError);
  expect((error as InputFileError).exitCode).toBe(EXIT.input);
  expect((error as Error).message).toMatch(message);
  expect(await t.wh.one(`SELECT (SELECT count(*) FROM load_manifest)::INT AS files, (SELECT count(*) FROM quarantine)::INT AS quarantined,
    (SELECT count(*) FROM stg_customers)::INT AS customers, (SELECT count(*) FROM stg_receipts)::INT AS receipts,
    (SELECT count(*) FROM stg_receipt_lines)::INT AS lines`)).toEqual({ files: 0, quarantined: 0, customers: 0, receipts: 0, lines: 0 });
}

describe("structural errors fail the file and load nothing", () => {
  it("a header that does not split with the delimiter (a comma file read as ;) names the delimiter that would", async () => {
    const profile = mappingProfileSchema.parse({ feed: "customers", delimiter: ";", header: false, columns: { customer_id: 1, first_name: 2 } });
    await failsWhole(t.write("customers.csv", CUSTOMERS.replaceAll(";", ",")), /^customers\.csv: line 1 does not split into columns with the delimiter ";" \("customer_id,first_name,last_name,phone"\); it splits into 4 with ","/, { profile });
  });

  it("a header that names one column twice", async () => {
    await failsWhole(t.write("customers.csv", "customer_id;phone;first_name;Phone\nC1;+79161234567;Анна;89031112233\n"),
      /^customers\.csv: line 1: the header names the same column twice: "Phone" \(columns 2 and 4\)/);
  });

  it("a Parquet file cut short", async () => {
    const path = join(t.dir, "receipt_lines_2026-10.parquet");
    await t.wh.exec(`COPY (SELECT 'S1' AS store_id, 'R' || i AS receipt_id, 1 AS line_no, 'SKU' AS sku, 1.0 AS quantity, 10.0 AS price, 10.0 AS amount
      FROM range(5000) t(i)) TO ${sqlString(path)} (FORMAT parquet)`);
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await failsWhole(path, /^receipt_lines_2026-10\.parquet: is not a readable Parquet file \(cut short or corrupt\)/);
  });

  it("a .gz file that is not gzip, and a gzip stream that breaks off", async () => {
    await failsWhole(t.write("customers.csv.gz", CUSTOMERS), /^customers\.csv\.gz: is named \.gz but is not gzip-compressed/);
    const whole = gzipSync(Buffer.from(CUSTOMERS.repeat(2000)));
    writeFileSync(join(t.dir, "customers_cut.csv.gz"), whole.subarray(0, Math.floor(whole.length * 0.6)));
    await failsWhole(join(t.dir, "customers_cut.csv.gz"), /^customers_cut\.csv\.gz: is a gzip stream that cannot be read to its end \(unexpected end of file\): cut short in transfer\?/);
  });

  it("a UTF-8 file with a line in another encoding, naming the line", async () => {
    const lines = [Buffer.from("customer_id;first_name;last_name\nC1;Анна;Петрова\n"), iconv.encode("C2;Иван;Сидоров\n", "win1251"), Buffer.from("C3;Олег;Орлов\n")];
    writeFileSync(join(t.dir, "customers.csv"), Buffer.concat([Buffer.from("customer_id;first_name;last_name\n".repeat(0)), ...lines]));
    // the sample decodes as UTF-8 only up to line 3; DuckDB's reader names that line's bytes invalid
    await failsWhole(join(t.dir, "customers.csv"), /^customers\.csv: line 3 is not valid UTF-8 \(written in another encoding than the lines before it\?\)/, {
      profile: mappingProfileSchema.parse({ feed: "customers", encoding: "utf-8" }),
    });
  });

  it("a Windows-1251 file with a line in UTF-8 (two systems wrote one file), naming the line: no mojibake is loaded", async () => {
    const text = Buffer.concat([
      iconv.encode("customer_id;first_name;last_name\r\nC1;Анна;Петрова\r\nC2;Иван;Сидоров\r\n", "win1251"),
      Buffer.from("C3;Олег;Орлов\r\n"),
      iconv.encode("C4;Мария;Котова\r\n", "win1251"),
    ]);
    writeFileSync(join(t.dir, "customers.csv"), text);
    await failsWhole(join(t.dir, "customers.csv"), /^customers\.csv: line 4 is UTF-8 while the file is Windows-1251 \(C3;Олег;Орлов\): a file must use one encoding; nothing of it was loaded$/);
  });

  it("a file with a line longer than any record (line breaks lost), with a clear message instead of DuckDB's", async () => {
    const huge = `C1;${"x".repeat(3_000_000)}\r\nC2;Иван\n`;
    await failsWhole(t.write("customers.csv", `customer_id;first_name\r\n${huge}`), /^customers\.csv: has a line longer than the reader accepts, or line endings that change inside a record/);
  });

  it("a line-level export whose receipts' lines are not together (sorted by product, say)", async () => {
    const header = "store_id;receipt_id;receipt_at;sku;quantity;amount";
    const rows = Array.from({ length: 600 }, (_, i) => `S1;R${i % 200};01.10.2026 10:00;SKU${Math.floor(i / 200)};1;10`);
    await failsWhole(t.write("sales_lines.csv", [header, ...rows].join("\n")),
      /^sales_lines\.csv: the lines of one receipt are not together: 200 receipts come in 600 blocks of consecutive rows/, { feed: "sales-lines" });
  });

  it("--fail-on-quarantine: a file with any bad row loads nothing, and says which rows", async () => {
    const receipts = "store_id;receipt_id;receipt_at;total\nS1;R1;01.10.2026 10:00;100\nS1;R2;01.10.2026 11:00;abc\nS1;R3;01.10.2026 12:00;50\n";
    await failsWhole(t.write("receipts.csv", receipts), /^receipts\.csv: has 1 quarantined row\(s\) \(line 3 total: invalid_decimal\); nothing of it was loaded \(--fail-on-quarantine\)/, { failOnQuarantine: true });
    const r = await loadFile(t.wh, t.write("receipts.csv", receipts));
    expect(r).toMatchObject({ loaded: 2, quarantined: 1 });
  });
});

describe("from the command line", () => {
  it("exits 3 with the message, and the warehouse stays empty", () => {
    const bin = join(import.meta.dirname, "../bin/loyalty.js");
    const warehouse = join(t.dir, "w.duckdb");
    const r = spawnSync(process.execPath, [bin, "--warehouse", warehouse, "ingest", t.write("customers.csv", "customer_id;phone;Phone\nC1;1;2\n")], { encoding: "utf8" });
    expect(r.status).toBe(EXIT.input);
    expect(r.stderr).toBe('error: customers.csv: line 1: the header names the same column twice: "Phone" (columns 2 and 3); which one holds the data cannot be told\n');
  });
});
