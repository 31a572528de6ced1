// One benchmark case in its own process, so its peak memory is its own: prints one JSON line.
import { rmSync } from "node:fs";
import { ensureSchema } from "../src/db/ensure-schema.js";
import { sqlString, withWarehouse } from "../src/db/warehouse.js";
import { loadFile } from "../ingest/load-file.js";
import { CSV_PROFILE } from "./make-lines.js";

const [mode, file, warehouse] = process.argv.slice(2);
rmSync(warehouse, { force: true });
rmSync(`${warehouse}.wal`, { force: true });
const started = performance.now();
let rows = 0;
await withWarehouse(warehouse, async (wh) => {
  if (mode === "ingest") {
    await ensureSchema(wh);
    const r = await loadFile(wh, file, file.endsWith(".parquet") ? { feed: "sales-lines" } : { profile: CSV_PROFILE, futureToleranceDays: 36_500 });
    rows = r.loaded;
  } else {
    // the bare read DuckDB does of the same file: its own sniffer, types it guesses, one table
    const reader = file.endsWith(".parquet") ? `read_parquet(${sqlString(file)})` : `read_csv(${sqlString(file)}, delim = ';', header = true)`;
    await wh.exec(`CREATE TABLE floor AS SELECT * FROM ${reader}`);
    rows = (await wh.one<{ n: number }>("SELECT count(*)::BIGINT AS n FROM floor")).n;
  }
});
const ms = performance.now() - started;
rmSync(warehouse, { force: true });
process.stdout.write(`${JSON.stringify({ mode, file, rows, ms, peakRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
