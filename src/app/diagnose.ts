/**
 * The diagnosis of a month as `npx loyalty diagnose` gives it: the ranked findings of mart_diagnosis
 * for the month asked (default the last one diagnosed), and, when asked, one finding written as a
 * segment definition into the segments folder.
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { readDiagnosis, storesByCity, type DiagnosisRow } from "../../models/marts/mart-diagnosis.js";
import { segmentFromFinding, segmentYaml } from "../../segments/diagnosis-segment.js";
import type { Config } from "../config/config.js";
import { UsageError } from "../errors.js";
import type { AppEvents } from "./app-events.js";
import { withConfiguredWarehouse } from "./configured-warehouse.js";

export interface DiagnoseOptions {
  /** YYYY-MM; default the last month diagnosed. */
  month?: string;
  /** Write the finding of this rank (the comparison with the month before) as a segment. */
  segmentRank?: number;
}

export interface DiagnosisResult {
  month: string | null;
  findings: DiagnosisRow[];
  /** The segment file written, and its name. */
  segment?: { name: string; file: string };
}

export async function diagnose(config: Config, options: DiagnoseOptions, events: AppEvents): Promise<DiagnosisResult> {
  return withConfiguredWarehouse(config, async (wh) => {
    if (!(await wh.tableNames()).has("mart_diagnosis")) throw new UsageError("no diagnosis yet: run `npx loyalty build` first");
    const { month, rows } = await readDiagnosis(wh, options.month);
    if (options.month && rows.length === 0) {
      throw new UsageError(`no diagnosis for ${options.month}: a month is diagnosed once it is complete and has 7 months of history before it`);
    }
    events.event("diagnosis", { month, findings: rows });
    if (options.segmentRank === undefined) return { month, findings: rows };
    const finding = rows.find((f) => f.comparison === "previous_month" && f.rank === options.segmentRank);
    if (!finding) throw new UsageError(`no finding ranked ${options.segmentRank} for ${month} (against the previous month)`);
    const cities = await storesByCity(wh);
    const definition = segmentFromFinding(finding, (city) => cities.get(city) ?? []);
    const file = join(config.segments.dir, `${definition.name}.yaml`);
    if (existsSync(file)) throw new UsageError(`${file} exists: remove it to write the finding again`);
    await mkdir(config.segments.dir, { recursive: true });
    await writeFile(file, segmentYaml(definition));
    events.event("segment_written", { name: definition.name, file });
    return { month, findings: rows, segment: { name: definition.name, file } };
  });
}
