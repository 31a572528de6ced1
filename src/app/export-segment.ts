/** Writes a segment's current run as a file (running it first if the models or the definition changed): `loyalty segments export`. */
import { languageOf } from "../config/language.js";
import type { Config } from "../config/config.js";
import { exportFileName, exportPath, writeExportTo } from "../../segments/export-path.js";
import { marketerForPeopleRu, shapeQuery, type ExportFormat, type ExportShape } from "../../segments/export-shapes.js";
import { loadSegment } from "../../segments/load-segments.js";
import { currentRun } from "../../segments/run-segment.js";
import type { WriteOptions } from "../../segments/write-export.js";
import type { AppEvents } from "./app-events.js";
import { withConfiguredWarehouse } from "./configured-warehouse.js";

export interface SegmentExportOptions {
  format: ExportFormat;
  shape: ExportShape;
  /** Marketer shape: first name and the contacts the member consented to. */
  withContacts?: boolean;
  /** CSV delimiter. */
  delimiter: ";" | ",";
  /** A file, or a folder to write the default name into (default: `segments.exportDir`). */
  out?: string;
}

export interface SegmentExport {
  segment: string;
  runId: number;
  shape: ExportShape;
  format: ExportFormat;
  path: string;
  rows: number;
  withContacts: boolean;
}

export async function exportSegment(config: Config, name: string, options: SegmentExportOptions, events: AppEvents): Promise<SegmentExport> {
  const { format, shape, withContacts } = options;
  const definition = await loadSegment(config.segments.dir, name);
  return withConfiguredWarehouse(config, async (wh) => {
    const { runId, fresh } = await currentRun(wh, definition, config.segments);
    if (fresh) events.notice(`Ran ${name} first (run ${runId}): the models or the definition changed since its last run.`);
    const fileName = exportFileName(name, shape, runId, format, withContacts);
    const path = exportPath(options.out, config.segments.exportDir, fileName);
    // the marketer file is opened in Excel by people; pos and mailer files feed systems and carry text unchanged
    const writeOptions: WriteOptions = { format, delimiter: options.delimiter, sheet: name.slice(0, 31), defuseFormulas: shape === "marketer" };
    const query = shapeQuery(shape, runId, withContacts);
    // people open the marketer file: in a Russian locale it speaks Russian (systems read the codes)
    const forPeople = shape === "marketer" && (format === "csv" || format === "xlsx") && languageOf(config.locale) === "ru";
    const { rows } = await writeExportTo(wh, forPeople ? marketerForPeopleRu(query, withContacts) : query, path, writeOptions, fileName);
    const written = { segment: name, runId, shape, format, path, rows, withContacts: Boolean(withContacts) };
    events.event("export", written);
    return written;
  });
}
