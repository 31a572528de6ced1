import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FEEDS } from "../../src/db/schema.js";
import { sqlString, Warehouse } from "../../src/db/warehouse.js";
import { generateSampleChain, type SampleChainResult } from "./generate-sample-chain.js";
import { BAD_CUSTOMER_ROWS, BAD_RECEIPT_ROWS } from "./sample-params.js";

const TINY = { customers: 300, stores: 3, days: 90 };

interface Truth {
  counts: { receipts: number; sales: number; anonymous_sales: number; bad_rows: number };
  bad_rows: { file: string; line: number; reason: string; store_id?: string; receipt_id?: string }[];
  resent_file: { name: string; duplicates_of: string; rows: number };
  campaigns: { campaign_id: string; members: { target: number; control: number } }[];
}

let root: string;
let first: SampleChainResult;
let again: SampleChainResult;
let other: SampleChainResult;
let truth: Truth;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "sample-chain-"));
  first = await generateSampleChain({ ...TINY, seed: 1, out: join(root, "a") });
  again = await generateSampleChain({ ...TINY, seed: 1, out: join(root, "b") });
  other = await generateSampleChain({ ...TINY, seed: 2, out: join(root, "c") });
  truth = JSON.parse(await readFile(first.truthFile, "utf8")) as Truth;
}, 30_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function digests(dir: string): Promise<Map<string, string>> {
  const names = (await readdir(dir)).sort();
  const hashes = await Promise.all(
    names.map(async (n) => createHash("sha256").update(await readFile(join(dir, n))).digest("hex")),
  );
  return new Map(names.map((n, i) => [n, hashes[i]]));
}

const dirOf = (r: SampleChainResult) => join(r.truthFile, "..");
const cp1251Lines = async (path: string) => iconv.decode(await readFile(path), "win1251").split("\r\n").slice(0, -1);

describe("generateSampleChain", () => {
  it("writes every feed: 3 monthly receipt and line files, the re-sent file and the reference feeds", async () => {
    const names = (await readdir(dirOf(first))).sort();
    expect(names).toEqual([
      "_truth.json", "bonus_ledger.jsonl", "campaign_members.csv", "campaigns.jsonl", "cards.csv", "children.csv", "coupons.csv", "customers.csv",
      "customers_updates.csv", "messages.jsonl.gz", "products.jsonl",
      "receipt_lines_2026-08.parquet", "receipt_lines_2026-09.parquet", "receipt_lines_2026-10.parquet",
      "receipts_2026-08.csv", "receipts_2026-09.csv", "receipts_2026-10.csv", "receipts_2026-10_resent.csv",
      "stores.csv",
    ]);
    expect(first.files).toHaveLength(names.length);
    expect(first.customers).toBe(300);
    expect(first.receipts).toBe(truth.counts.receipts);
    expect(first.receiptLines).toBeGreaterThan(first.receipts * 2);
  });

  it("gives byte-identical files for the same seed and different ones for another seed", async () => {
    const [a, b, c] = await Promise.all([first, again, other].map((r) => digests(dirOf(r))));
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [name, hash] of a) expect(b.get(name), name).toBe(hash);
    for (const name of ["receipts_2026-09.csv", "receipt_lines_2026-09.parquet", "customers.csv", "products.jsonl", "_truth.json"]) {
      expect(c.get(name), name).not.toBe(a.get(name));
    }
  });

  it("writes the till feeds in Windows-1251 with the schema's header and Cyrillic text", async () => {
    for (const [file, feed] of [["stores.csv", "stores"], ["customers.csv", "customers"], ["cards.csv", "cards"]] as const) {
      const bytes = await readFile(join(dirOf(first), file));
      const [header, ...rows] = await cp1251Lines(join(dirOf(first), file));
      expect(header).toBe(Object.keys(FEEDS[feed].columns).join(";"));
      expect(rows.length).toBeGreaterThan(2);
      // iconv-lite writes "?" for a character Windows-1251 lacks; none of the data contains one.
      expect(rows.join("\n")).not.toContain("?");
      if (file !== "cards.csv") {
        expect(rows.join("\n")).toMatch(/[А-Яа-яЁё]{3,}/);
        // Cyrillic in UTF-8 starts with 0xD0/0xD1 followed by a continuation byte; cp1251 text does not decode.
        expect(bytes.toString("utf8")).toContain("\uFFFD");
      }
    }
    const stores = await cp1251Lines(join(dirOf(first), "stores.csv"));
    expect(stores[1]).toMatch(/^S001;Гипермаркет №1, ул\. [^;]+;Москва;Москва;гипермаркет;\d{2}\.\d{2}\.\d{4};$/);
  });

  it("makes every receipt total the sum of its line amounts (read back through the warehouse)", async () => {
    const wh = await Warehouse.open(":memory:");
    try {
      const dir = dirOf(first);
      const bad = truth.bad_rows.filter((b) => b.receipt_id).map((b) => `${b.store_id}/${b.receipt_id}`);
      const [row] = await wh.all<{ receipts: number; with_lines: number; mismatched: number; returns: number }>(`
        WITH r AS (
          SELECT store_id, receipt_id, is_return,
            CAST(replace(replace(total, ' ', ''), ',', '.') AS DECIMAL(18,2)) AS total
          FROM read_csv(${sqlString(join(dir, "receipts_2026-??.csv"))}, delim = ';', header = true, auto_detect = false,
            columns = {${Object.keys(FEEDS.receipts.columns).map((c) => `'${c}': 'VARCHAR'`).join(", ")}}, ignore_errors = true)
          WHERE store_id || '/' || receipt_id NOT IN (SELECT unnest(${`[${bad.map(sqlString).join(", ")}]`}))
        ), l AS (
          SELECT store_id, receipt_id, sum(amount) AS amount FROM read_parquet(${sqlString(join(dir, "receipt_lines_*.parquet"))})
          GROUP BY ALL
        )
        SELECT count(*)::BIGINT AS receipts, count(l.amount)::BIGINT AS with_lines,
          count(*) FILTER (WHERE r.total <> l.amount)::BIGINT AS mismatched,
          count(*) FILTER (WHERE r.is_return = '1')::BIGINT AS returns
        FROM r LEFT JOIN l USING (store_id, receipt_id)`);
      expect(row.receipts).toBe(truth.counts.receipts - bad.length);
      expect(row.with_lines).toBe(row.receipts);
      expect(row.mismatched).toBe(0);
      expect(row.returns).toBeGreaterThan(0);
    } finally {
      await wh.close();
    }
  });

  it("mirrors receipts' bonus points in the ledger and never lets a card's balance go negative", async () => {
    const wh = await Warehouse.open(":memory:");
    try {
      const dir = dirOf(first);
      const points = (col: string) => `CAST(replace(${col}, ',', '.') AS DECIMAL(18,2))`;
      const [row] = await wh.all<Record<string, number>>(`
        WITH r AS (
          SELECT * FROM read_csv(${sqlString(join(dir, "receipts_2026-??.csv"))}, delim = ';', header = true, auto_detect = false,
            columns = {${Object.keys(FEEDS.receipts.columns).map((c) => `'${c}': 'VARCHAR'`).join(", ")}}, ignore_errors = true)
        ), b AS (
          SELECT card_number, entry_at, entry_id, kind, CAST(points AS DECIMAL(18,2)) AS points
          FROM read_json(${sqlString(join(dir, "bonus_ledger.jsonl"))})
        ), balances AS (
          SELECT sum(points) OVER (PARTITION BY card_number ORDER BY entry_at, entry_id) AS balance FROM b
        )
        SELECT
          (SELECT sum(${points("bonus_earned")}) FROM r)::DOUBLE AS earned,
          (SELECT sum(points) FROM b WHERE kind = 'accrual')::DOUBLE AS accrued,
          (SELECT sum(${points("bonus_spent")}) FROM r)::DOUBLE AS spent,
          (SELECT -sum(points) FROM b WHERE kind = 'redemption')::DOUBLE AS redeemed,
          (SELECT count(*) FROM r WHERE card_number IS NULL AND ${points("bonus_earned")} > 0)::BIGINT AS anonymous_earning,
          (SELECT count(*) FROM balances WHERE balance < 0)::BIGINT AS negative`);
      expect(row.earned).toBeGreaterThan(1000);
      expect(row.accrued).toBe(row.earned);
      expect(row.spent).toBeGreaterThan(0);
      expect(row.redeemed).toBe(row.spent);
      expect(row.anonymous_earning).toBe(0);
      expect(row.negative).toBe(0);
    } finally {
      await wh.close();
    }
  });

  it("keeps 25-40% of sales anonymous", async () => {
    const dir = dirOf(first);
    let sales = 0;
    let anonymous = 0;
    for (const month of ["2026-08", "2026-09", "2026-10"]) {
      const [, ...rows] = await cp1251Lines(join(dir, `receipts_${month}.csv`));
      for (const fields of rows.map((r) => r.split(";")).filter((f) => f[10] === "0")) {
        sales++;
        if (fields[4] === "") anonymous++;
      }
    }
    expect(sales).toBe(truth.counts.sales);
    expect(anonymous).toBe(truth.counts.anonymous_sales);
    expect(anonymous / sales).toBeGreaterThanOrEqual(0.25);
    expect(anonymous / sales).toBeLessThanOrEqual(0.4);
  });

  it("lists exactly the bad rows a strict reader finds, each where _truth.json says", async () => {
    const expected = Object.values(BAD_RECEIPT_ROWS).reduce((a, b) => a + b, 0) + Object.values(BAD_CUSTOMER_ROWS).reduce((a, b) => a + b, 0);
    expect(truth.bad_rows).toHaveLength(expected);
    expect(truth.counts.bad_rows).toBe(expected);
    const found: string[] = [];
    for (const month of ["2026-08", "2026-09", "2026-10"]) {
      const file = `receipts_${month}.csv`;
      const lines = await cp1251Lines(join(dirOf(first), file));
      lines.forEach((line, i) => {
        if (i > 0 && receiptProblem(line)) found.push(`${file}:${i + 1}:${receiptProblem(line)}`);
      });
    }
    const customers = await cp1251Lines(join(dirOf(first), "customers.csv"));
    customers.forEach((line, i) => {
      if (i > 0 && !["", "m", "f", "M", "F"].includes(line.split(";")[3])) found.push(`customers.csv:${i + 1}:gender_invalid`);
    });
    expect(found.sort()).toEqual(truth.bad_rows.map((b) => `${b.file}:${b.line}:${b.reason}`).sort());
  });

  it("re-sends the last days of the last month unchanged", async () => {
    const dir = dirOf(first);
    const resent = await cp1251Lines(join(dir, truth.resent_file.name));
    const month = new Set(await cp1251Lines(join(dir, truth.resent_file.duplicates_of)));
    expect(resent.length - 1).toBe(truth.resent_file.rows);
    expect(truth.resent_file.rows).toBeGreaterThan(10);
    expect(resent.every((line) => month.has(line))).toBe(true);
    expect(new Set(resent.slice(1).map((l) => l.split(";")[3].slice(0, 10)))).toEqual(new Set(["30.10.2026", "31.10.2026"]));
  });

  it("lists campaign members by arm as _truth.json counts them", async () => {
    const csv = (await readFile(join(dirOf(first), "campaign_members.csv"), "utf8")).trim().split("\n").slice(1);
    for (const c of truth.campaigns) {
      const arms = csv.filter((l) => l.startsWith(`${c.campaign_id},`)).map((l) => l.split(",")[2]);
      expect(arms.filter((a) => a === "target").length, c.campaign_id).toBe(c.members.target);
      expect(arms.filter((a) => a === "control").length, c.campaign_id).toBe(c.members.control);
    }
    expect(csv.length).toBeGreaterThan(10);
  });

  it("replaces its own previous chain but refuses to overwrite feed files it did not write", async () => {
    const before = await digests(dirOf(first));
    await generateSampleChain({ ...TINY, seed: 1, out: dirOf(first) });
    expect(await digests(dirOf(first))).toEqual(before);
    const foreign = join(root, "foreign");
    await generateSampleChain({ ...TINY, seed: 1, out: foreign });
    await rm(join(foreign, "_truth.json"));
    await expect(generateSampleChain({ ...TINY, seed: 1, out: foreign })).rejects.toThrow(/no sample chain wrote/);
  });

  it("rejects sizes it cannot generate", async () => {
    await expect(generateSampleChain({ ...TINY, days: 30, seed: 1, out: join(root, "d") })).rejects.toThrow(/days/);
    await expect(generateSampleChain({ ...TINY, seed: 1, endDate: "2026-02-30", out: join(root, "d") })).rejects.toThrow(/endDate/);
  });
});

/** What a strict reader of a receipts line objects to, or null. */
function receiptProblem(line: string): string | null {
  const f = line.split(";");
  if (f.length !== 13) return "extra_field";
  const [, , , receiptAt, , total, , , , , isReturn] = f;
  if (receiptAt === "") return "receipt_at_empty";
  const m = /^(\d{2})\.(\d{2})\.(\d{4}) \d{2}:\d{2}$/.exec(receiptAt);
  if (!m) return "bad_timestamp";
  const date = new Date(Date.UTC(+m[3], +m[2] - 1, +m[1]));
  if (date.getUTCDate() !== +m[1]) return "impossible_date";
  if (!/^-?\d{1,3}( ?\d{3})*,\d{2}$/.test(total)) return "total_unparseable";
  if (total.startsWith("-") && isReturn === "0") return "negative_total";
  return null;
}
