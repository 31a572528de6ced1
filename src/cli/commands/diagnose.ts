import type { Command } from "commander";
import { diagnose, type DiagnosisResult } from "../../app/diagnose.js";
import { UsageError } from "../../errors.js";
import { createContext } from "../context.js";
import type { Output } from "../output.js";
import { positiveInt } from "../parse-options.js";

interface DiagnoseOptions {
  month?: string;
  segment?: string;
  all?: boolean;
}

const COMPARISON_TITLES: Record<string, string> = { previous_month: "against the previous month", last_year: "against the same month last year" };

export function registerDiagnose(program: Command): void {
  program
    .command("diagnose")
    .description("the diagnosis of the month: the cells (store, city, stage, category…) that explain the change, what is more than noise, what to do")
    .option("--month <YYYY-MM>", "the month to diagnose (default: the last complete month diagnosed)")
    .option("--segment <rank>", "write the finding of this rank (against the previous month) as a segment definition")
    .option("--all", "also list the largest effects within the usual noise")
    .action(async (options: DiagnoseOptions, command: Command) => {
      const { config, output, events } = createContext(command.optsWithGlobals());
      if (options.month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(options.month)) throw new UsageError(`--month ${options.month}: use YYYY-MM`);
      const segmentRank = options.segment === undefined ? undefined : positiveInt(options.segment, "--segment");
      printDiagnosis(output, await diagnose(config, { month: options.month, segmentRank }, events), options.all ?? false);
    });
}

function printDiagnosis(output: Output, { month, findings, segment }: DiagnosisResult, all: boolean): void {
  if (month === null) {
    output.say("No month is diagnosed yet: a month needs to be complete, with 7 months of history before it.");
    return;
  }
  output.say(`Diagnosis of ${month}`);
  for (const [comparison, title] of Object.entries(COMPARISON_TITLES)) {
    const rows = findings.filter((f) => f.comparison === comparison);
    if (rows.length === 0) continue;
    const shown = rows.filter((f) => all || f.significant);
    output.say(`\n${title}: ${shown.filter((f) => f.significant).length ? `${output.number(rows.filter((f) => f.significant).length)} finding(s) more than noise` : "nothing more than the usual noise"}`);
    for (const f of shown) {
      const echo = f.explained_by ? ` (an echo of ${f.explained_by})` : "";
      output.say(`${String(f.rank).padStart(3)}. ${f.sentence}${echo}\n     → ${f.mechanic} [site page: ${f.page}]`);
    }
  }
  if (segment) output.say(`\nWrote segment ${segment.name} to ${segment.file}; run it with: npx loyalty segments run ${segment.name}`);
  else if (findings.some((f) => f.significant)) output.say("\nTurn a finding into a segment: npx loyalty diagnose --segment <rank>");
}
