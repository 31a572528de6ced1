import type { Command } from "commander";
import { EXPORT_FORMATS, EXPORT_SHAPES, type ExportFormat, type ExportShape } from "../../../segments/export-shapes.js";
import { diffSegmentRuns, type SegmentRunsDiff } from "../../app/diff-segment-runs.js";
import { exportSegment } from "../../app/export-segment.js";
import { listSegments, type ListedSegment } from "../../app/list-segments.js";
import { previewSegment, type SegmentPreview } from "../../app/preview-segment.js";
import { runSegmentsNamed, type SegmentRunsResult } from "../../app/run-segments.js";
import { UsageError } from "../../errors.js";
import { createContext, type CliContext } from "../context.js";
import { textTable, type Output } from "../output.js";
import { positiveInt } from "../parse-options.js";

interface ExportOptions {
  format: string;
  shape: string;
  withContacts?: boolean;
  delimiter?: string;
  out?: string;
}

export function registerSegments(program: Command): void {
  const segments = program.command("segments").description("target segments: list, preview, run, export, diff");
  const withCtx = <A extends unknown[]>(fn: (ctx: CliContext, ...args: A) => Promise<unknown>) =>
    async (...args: [...A, Command]) => {
      const command = args[args.length - 1] as Command;
      await fn(createContext(command.optsWithGlobals()), ...(args.slice(0, -1) as A));
    };
  segments
    .command("list")
    .description("the segment definitions and their last runs")
    .action(withCtx(async ({ config, output, events }) => printSegmentList(output, await listSegments(config, events))));
  segments
    .command("preview <name>")
    .description("evaluate a segment now and show its size, reach, cost and first members (nothing is kept)")
    .option("--limit <n>", "members to show", "10")
    .action(withCtx(async ({ config, output, events }, name: string, options: { limit: string }) =>
      printPreview(output, await previewSegment(config, name, positiveInt(options.limit, "--limit"), events))));
  segments
    .command("run <names...>")
    .description("run segments and keep their member lists (snapshots) with who entered and exited since the last run")
    .action(withCtx(async ({ config, output, events }, names: string[]) => printSegmentRuns(output, await runSegmentsNamed(config, names, events))));
  segments
    .command("export <name>")
    .description("export the segment's current run as a file (runs it first if the models or definition changed)")
    .option("--format <format>", `file format: ${EXPORT_FORMATS.join(", ")}`, "csv")
    .option("--shape <shape>", "marketer (everything), pos (card, offer code, validity) or mailer (consented contact per channel)", "marketer")
    .option("--with-contacts", "marketer shape: add first name and the contacts the member consented to")
    .option("--delimiter <char>", "CSV delimiter: ; (Excel in Russian, decimal commas) or ,", ";")
    .option("--out <path>", "file to write, or a folder to write the default name into (default: <segments.exportDir>/<name>-<shape>[-contacts]-run<id>.<format>)")
    .action(withCtx((ctx, name: string, options: ExportOptions) => exportSegmentRun(ctx, name, options)));
  segments
    .command("diff <name>")
    .description("who entered and who exited the segment between its last two runs")
    .option("--limit <n>", "customer ids to list per side", "20")
    .action(withCtx(async ({ config, output, events }, name: string, options: { limit: string }) =>
      printDiff(output, await diffSegmentRuns(config, name, positiveInt(options.limit, "--limit"), events))));
}

function printSegmentList(output: Output, listed: ListedSegment[]): void {
  const rows = listed.map(({ name, problem, lastRun: run }) => {
    const status = problem ? `invalid: ${problem}` : "ok";
    return run
      ? [name, String(run.run_id), output.dateTime(run.ran_at), output.number(run.members), `+${output.number(run.entered)} / −${output.number(run.exited)}`, status]
      : [name, "–", "never run", "", "", status];
  });
  output.say(textTable(["segment", "run", `ran at (${output.timeZone})`, "members", "entered / exited", "status"], rows, [1, 3]));
}

function printPreview(output: Output, { title, summary: s, members }: SegmentPreview): void {
  const reach = Object.entries(s.reach).map(([ch, n]) => `${ch} ${output.number(n)}`).join(", ");
  output.say(
    [
      `${s.segment} — ${title} (data as of ${s.asOf})`,
      `  members ${output.number(s.members)}: target ${output.number(s.targetMembers)}, control ${output.number(s.controlMembers)}`,
      `  reach: ${reach}; unreachable ${output.number(s.unreachable)}`,
      `  estimated cost ${output.money(s.estimatedCost)}; expected to buy within the offer anyway ${output.percent(s.expectedResponseRate)}`,
    ].join("\n"),
  );
  if (members.length) {
    output.say(textTable(["customer", "card", "arm", "channel"], members.map((m) => [String(m.customer_id), String(m.card_number ?? ""), m.is_control ? "control" : "target", String(m.channel ?? "–")])));
  }
}

/** The table of a `segments run` (also after a job's segments step and in `npm start`); nothing when nothing ran. */
export function printSegmentRuns(output: Output, { runs, elapsedMs }: SegmentRunsResult): void {
  if (!runs.length) return;
  output.say(
    textTable(
      ["segment", "run", "members", "target", "control", "push / messenger / e-mail / SMS", "unreachable", "est. cost", "buy anyway", "since", "entered / exited"],
      runs.map((r) => [
        r.segment, String(r.runId), output.number(r.members), output.number(r.targetMembers), output.number(r.controlMembers),
        [r.reach.push, r.reach.messenger, r.reach.email, r.reach.sms].map((n) => output.number(n)).join(" / "),
        output.number(r.unreachable), output.money(r.estimatedCost), output.percent(r.expectedResponseRate),
        r.previousRunId ? `run ${r.previousRunId}` : "first run", `+${output.number(r.entered)} / −${output.number(r.exited)}`,
      ]),
      [1, 2, 3, 4, 5, 6, 7, 8],
    ),
  );
  output.say(`Ran ${runs.length} segment(s) as of ${runs[0].asOf} in ${output.duration(elapsedMs)}; member lists: npx loyalty segments export <name>`);
}

async function exportSegmentRun({ config, output, events }: CliContext, name: string, options: ExportOptions): Promise<void> {
  const format = oneOf(options.format, EXPORT_FORMATS, "--format") as ExportFormat;
  const shape = oneOf(options.shape, EXPORT_SHAPES, "--shape") as ExportShape;
  const delimiter = oneOf(options.delimiter ?? ";", [";", ","], "--delimiter") as ";" | ",";
  if (options.withContacts && shape !== "marketer") throw new UsageError(`--with-contacts is for the marketer shape; the ${shape} shape has fixed columns.`);
  const written = await exportSegment(config, name, { format, shape, delimiter, withContacts: options.withContacts, out: options.out }, events);
  output.say(`Wrote ${output.number(written.rows)} row(s) of ${name} (run ${written.runId}, ${shape} shape${written.withContacts ? " with contacts" : ""}) to ${written.path}`);
}

function printDiff(output: Output, d: SegmentRunsDiff): void {
  output.say(`${d.segment}: run ${d.fromRun} → run ${d.toRun}: +${output.number(d.entered)} entered, −${output.number(d.exited)} exited`);
  if (d.enteredIds.length) output.say(`entered: ${d.enteredIds.join(", ")}${d.entered > d.enteredIds.length ? ", …" : ""}`);
  if (d.exitedIds.length) output.say(`exited: ${d.exitedIds.join(", ")}${d.exited > d.exitedIds.length ? ", …" : ""}`);
}

function oneOf(value: string, allowed: readonly string[], option: string): string {
  if (!allowed.includes(value)) throw new UsageError(`${option} ${value}: use one of ${allowed.join(", ")}`);
  return value;
}
