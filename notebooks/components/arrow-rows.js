// A tabular data file of the site (Arrow IPC written by reports/arrow-rows.ts) as plain row objects,
// decoded with apache-arrow from node_modules. Pages pass FileAttachment(…).arrayBuffer(): calling the
// method there keeps Framework from adding its own apache-arrow import from the CDN for ".arrow" files.
import {tableFromIPC} from "apache-arrow";

export async function arrowRows(buffer) {
  return tableFromIPC(new Uint8Array(await buffer)).toArray().map((row) => row.toJSON());
}
