// Loads one file into a warehouse file and is killed (SIGKILL, no cleanup) just before COMMIT:
// the closest a test gets to pulling the plug mid-file.
import { ensureSchema } from "../../src/db/ensure-schema.js";
import { Warehouse } from "../../src/db/warehouse.js";
import { loadFile } from "../../ingest/load-file.js";

const [warehousePath, feedFile] = process.argv.slice(2);
const wh = await Warehouse.open(warehousePath);
await ensureSchema(wh);
await wh.exec("CHECKPOINT");
await loadFile(wh, feedFile, {
  beforeCommit: async () => {
    process.kill(process.pid, "SIGKILL");
    await new Promise(() => {});
  },
});
