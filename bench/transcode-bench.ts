/**
 * Windows-1251 → UTF-8 throughput: today's iconv-lite stream pair, Windows1251ToUtf8, and a plain
 * file copy (the floor), each over the same generated receipt-line CSV in the OS temp directory.
 * Each run is a process of its own, so that its peak memory is its own; the best of the runs counts.
 * Files are read in 64 KiB chunks, the fs.createReadStream default that ingest/transcode.ts uses.
 *
 *   npx tsx bench/transcode-bench.ts            # 10,000,000 lines (~0.9 GB), 3 runs
 *   TRANSCODE_BENCH_LINES=1000000 TRANSCODE_BENCH_RUNS=1 TRANSCODE_BENCH_CHUNK=1048576 npx tsx bench/transcode-bench.ts
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, createReadStream, createWriteStream, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import iconv from "iconv-lite";
import { ScanState, Windows1251ToUtf8, transcodeChunk } from "../ingest/encoding/windows-1251.js";

type CaseName = "iconv-lite" | "windows1251-to-utf8" | "copy";

interface CaseResult {
  name: CaseName;
  ms: number;
  /** CPU time of the process, all threads: user and system. */
  cpuMs: number;
  peakRssMiB: number;
  outBytes: number;
  lines?: number;
}

const PRODUCTS = [
  "Молоко 3,2% 930 мл", "Хлеб Бородинский нарезка", "Сыр Российский 45%", "Яйцо куриное С1 10 шт", "Кефир 1% 900 г",
  "Гречка ядрица 900 г", "Масло сливочное 82,5%", "Сахар-песок 1 кг", "Вода минеральная 1,5 л", "Шоколад молочный 90 г",
  "Колбаса Докторская вар.", "Пельмени Сибирские 800 г", "Чай чёрный 100 пак.", "Кофе молотый 250 г", "Яблоки Гала весовые",
  "Картофель мытый", "Сметана 20% 300 г", "Творог 9% 200 г", "Макароны спагетти", "Пакет-майка",
];
const CASHIERS = ["Иванова А.П.", "Петров С.В.", "Смирнова Е.Ю.", "Кузнецов Д.И.", "Попова Ё.А."];
const PAYMENTS = ["нал", "карта", "СБП"];
const HEADER = "Магазин;Касса;Номер чека;Дата;Товар;Количество;Цена;Сумма;Оплата;Кассир\r\n";

/** Deterministic pseudo-random numbers (mulberry32), so that every run writes the same file. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** "1 249,50" with a non-breaking space between thousands, as Russian exports write money. */
function money(kopecks: number): string {
  const rubles = Math.floor(kopecks / 100).toString().replace(/\B(?=(\d{3})+$)/g, "\u00a0");
  return `${rubles},${String(kopecks % 100).padStart(2, "0")}`;
}

function receiptLine(i: number, next: () => number): string {
  const store = String(1 + (i % 120)).padStart(4, "0");
  const day = String(1 + ((i >> 16) % 28)).padStart(2, "0");
  const time = `${String(8 + ((i >> 8) % 14)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}`;
  const weighed = next() < 0.2;
  const quantity = weighed ? `0,${String(Math.floor(next() * 1000)).padStart(3, "0")}` : String(1 + Math.floor(next() * 3));
  const price = Math.floor(next() * 250_000) + 1_990;
  const amount = Math.round(price * Number(quantity.replace(",", ".")));
  const product = PRODUCTS[Math.floor(next() * PRODUCTS.length)];
  const payment = PAYMENTS[Math.floor(next() * PAYMENTS.length)];
  const cashier = CASHIERS[i % CASHIERS.length];
  return `${store};${1 + (i % 6)};${Math.floor(i / 4)};${day}.10.2026 ${time};${product};${quantity};${money(price)};${money(amount)};${payment};${cashier}\r\n`;
}

/** Writes `lines` receipt lines (and a header) as Windows-1251, encoded 50,000 lines at a time. */
function writeCp1251Csv(path: string, lines: number): void {
  const fd = openSync(path, "w");
  const next = random(1251);
  try {
    writeSync(fd, iconv.encode(HEADER, "win1251"));
    for (let start = 0; start < lines; start += 50_000) {
      const batch: string[] = [];
      for (let i = start; i < Math.min(lines, start + 50_000); i++) batch.push(receiptLine(i, next));
      writeSync(fd, iconv.encode(batch.join(""), "win1251"));
    }
  } finally {
    closeSync(fd);
  }
}

async function runCase(name: CaseName, input: string, output: string, chunkBytes: number): Promise<CaseResult> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const source = createReadStream(input, { highWaterMark: chunkBytes });
  let lines: number | undefined;
  if (name === "copy") await pipeline(source, createWriteStream(output));
  else if (name === "iconv-lite") {
    await pipeline(source, iconv.decodeStream("windows-1251"), iconv.encodeStream("utf-8"), createWriteStream(output));
  } else {
    const transcoder = new Windows1251ToUtf8();
    await pipeline(source, transcoder, createWriteStream(output));
    lines = transcoder.lines;
  }
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return { name, ms, cpuMs, peakRssMiB: process.resourceUsage().maxRSS / 1024, outBytes: statSync(output).size, lines };
}

function runCaseInChild(name: CaseName, input: string, output: string, chunkBytes: number): CaseResult {
  const args = ["--import", "tsx", import.meta.filename, "case", name, input, output, String(chunkBytes)];
  const stdout = execFileSync(process.execPath, args, { encoding: "utf8" });
  return JSON.parse(stdout.trim().split("\n").pop()!) as CaseResult;
}

/** transcodeChunk alone over the first 64 MB of the file, in memory: the CPU cost without I/O. */
function coreMBps(input: string, chunkBytes: number): number {
  const fd = openSync(input, "r");
  const bytes = Buffer.allocUnsafe(Math.min(64e6, statSync(input).size));
  readSync(fd, bytes, 0, bytes.length, 0);
  closeSync(fd);
  const out = new Uint8Array(3 * chunkBytes);
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const state = new ScanState();
    const started = performance.now();
    for (let at = 0; at < bytes.length; at += chunkBytes) transcodeChunk(bytes.subarray(at, at + chunkBytes), out, state);
    best = Math.min(best, performance.now() - started);
  }
  return bytes.length / 1e6 / (best / 1000);
}

async function sha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(path), hash);
  return hash.digest("hex");
}

async function main(): Promise<void> {
  const lineCount = Number(process.env.TRANSCODE_BENCH_LINES ?? 10_000_000);
  const runs = Number(process.env.TRANSCODE_BENCH_RUNS ?? 3);
  const chunkBytes = Number(process.env.TRANSCODE_BENCH_CHUNK ?? 64 * 1024);
  const dir = mkdtempSync(join(tmpdir(), "transcode-bench-"));
  const log = (line: string) => process.stdout.write(`${line}\n`);
  try {
    const input = join(dir, "receipt-lines-cp1251.csv");
    let t = performance.now();
    writeCp1251Csv(input, lineCount);
    const inBytes = statSync(input).size;
    const mb = inBytes / 1e6;
    log(`generated ${lineCount.toLocaleString("en-US")} lines, ${mb.toFixed(0)} MB (${(inBytes / (lineCount + 1)).toFixed(1)} bytes a line) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    log(`read in chunks of ${chunkBytes / 1024} KiB, best of ${runs} runs`);

    const best = new Map<CaseName, CaseResult>();
    const names: CaseName[] = ["copy", "windows1251-to-utf8", "iconv-lite"];
    for (let run = 1; run <= runs; run++) {
      for (const name of names) {
        const output = join(dir, `${name}.out`);
        const r = runCaseInChild(name, input, output, chunkBytes);
        log(`run ${run} ${name.padEnd(20)} ${(r.ms / 1000).toFixed(2)} s  ${(mb / (r.ms / 1000)).toFixed(0)} MB/s  CPU ${(r.cpuMs / 1000).toFixed(2)} s  peak RSS ${r.peakRssMiB.toFixed(0)} MiB`);
        if (!best.has(name) || r.ms < best.get(name)!.ms) best.set(name, r);
        if (run === runs && name !== "copy") continue; // kept for the comparison below
        rmSync(output, { force: true });
      }
    }

    t = performance.now();
    const [ours, theirs] = await Promise.all([sha256(join(dir, "windows1251-to-utf8.out")), sha256(join(dir, "iconv-lite.out"))]);
    log(`outputs identical: ${ours === theirs} (sha256 ${ours.slice(0, 16)}…, checked in ${((performance.now() - t) / 1000).toFixed(1)} s)`);

    const floor = best.get("copy")!.ms;
    log("\n| case | best time | MB/s (input) | × copy | CPU time | peak RSS |");
    log("|---|---:|---:|---:|---:|---:|");
    for (const name of names) {
      const r = best.get(name)!;
      log(`| ${name} | ${(r.ms / 1000).toFixed(2)} s | ${(mb / (r.ms / 1000)).toFixed(0)} | ${(r.ms / floor).toFixed(2)} | ${(r.cpuMs / 1000).toFixed(2)} s | ${r.peakRssMiB.toFixed(0)} MiB |`);
    }
    const ours1251 = best.get("windows1251-to-utf8")!;
    log(`\niconv-lite / Windows1251ToUtf8: ${(best.get("iconv-lite")!.ms / ours1251.ms).toFixed(2)}×; lines counted ${ours1251.lines}; output ${(ours1251.outBytes / 1e6).toFixed(0)} MB`);
    log(`transcodeChunk alone, in memory: ${coreMBps(input, chunkBytes).toFixed(0)} MB/s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "case") {
  const [name, input, output, chunkBytes] = process.argv.slice(3) as [CaseName, string, string, string];
  process.stdout.write(`${JSON.stringify(await runCase(name, input, output, Number(chunkBytes)))}\n`);
} else {
  await main();
}
