import { existsSync } from "node:fs";
import type { Command } from "commander";
import type { Selectable } from "kysely";
import { EXPORT_FORMATS, EXPORT_SHAPES, marketerForPeopleRu, shapeQuery, type ExportFormat, type ExportShape } from "../../../segments/export-shapes.js";
import { listSegmentFiles, loadSegment, loadSegmentFile, type SegmentFile } from "../../../segments/load-segments.js";
import { currentRun, evaluatedMembers, evaluateSegment, runSegment, type SegmentRun, type SegmentSummary } from "../../../segments/run-segment.js";
import type { SegmentDefinition } from "../../../segments/segment-definition.js";
import { diffMembers, ensureSegmentTables, latestRun, segmentRuns } from "../../../segments/segment-store.js";
import type { SegmentRunsTable } from "../../db/tables/segment-tables.js";
import type { WriteOptions } from "../../../segments/write-export.js";
import { languageOf } from "../../config/language.js";
import { withWarehouse } from "../../db/warehouse.js";
import { UsageError } from "../../errors.js";
import { createContext, withConfiguredWarehouse, type CliContext } from "../context.js";
import { exportFileName, exportPath, writeExportTo } from "../export-path.js";
import { textTable } from "../output.js";
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
  segments.command("list").description("the segment definitions and their last runs").action(withCtx(listSegments));
  segments
    .command("preview <name>")
    .description("evaluate a segment now and show its size, reach, cost and first members (nothing is kept)")
    .option("--limit <n>", "members to show", "10")
    .action(withCtx((ctx, name: string, options: { limit: string }) => previewSegment(ctx, name, positiveInt(options.limit, "--limit"))));
  segments
    .command("run <names...>")
    .description("run segments and keep their member lists (snapshots) with who entered and exited since the last run")
    .action(withCtx((ctx, names: string[]) => runSegments(ctx, names)));
  segments
    .command("export <name>")
    .description("export the segment's current run as a file (runs it first if the models or definition changed)")
    .option("--format <format>", `file format: ${EXPORT_FORMATS.join(", ")}`, "csv")
    .option("--shape <shape>", "marketer (everything), pos (card, offer code, validity) or mailer (consented contact per channel)", "marketer")
    .option("--with-contacts", "marketer shape: add first name and the contacts the member consented to")
    .option("--delimiter <char>", "CSV delimiter: ; (Excel in Russian, decimal commas) or ,", ";")
    .option("--out <path>", "file to write, or a folder to write the default name into (default: <segments.exportDir>/<name>-<shape>[-contacts]-run<id>.<format>)")
    .action(withCtx((ctx, name: string, options: ExportOptions) => exportSegment(ctx, name, options)));
  segments
    .command("diff <name>")
    .description("who entered and who exited the segment between its last two runs")
    .option("--limit <n>", "customer ids to list per side", "20")
    .action(withCtx((ctx, name: string, options: { limit: string }) => diffSegment(ctx, name, positiveInt(options.limit, "--limit"))));
}

async function listSegments({ config, output }: CliContext): Promise<void> {
  const files = listSegmentFiles(config.segments.dir);
  const [runs, problems] = await Promise.all([latestRuns(config.warehouse, files.map((f) => f.name)), definitionProblems(files)]);
  const rows = files.map((f, i) => {
    const [run, problem] = [runs[i], problems[i]];
    output.event("segment", { name: f.name, path: f.path, valid: !problem, error: problem ?? null, lastRun: run ?? null });
    const status = problem ? `invalid: ${problem}` : "ok";
    return run
      ? [f.name, String(run.run_id), output.dateTime(run.ran_at), output.number(run.members), `+${output.number(run.entered)} / −${output.number(run.exited)}`, status]
      : [f.name, "–", "never run", "", "", status];
  });
  output.say(textTable(["segment", "run", `ran at (${output.timeZone})`, "members", "entered / exited", "status"], rows, [1, 3]));
  const invalid = problems.filter(Boolean).length;
  // listed, not thrown: one broken file must not hide the state of the others
  if (invalid) output.warn(`${invalid} of ${files.length} segment definition(s) are invalid and cannot run until fixed (see the status column).`);
}

/** Why each definition cannot be loaded (undefined: it loads), with the file's path left off: the row names it. */
async function definitionProblems(files: SegmentFile[]): Promise<(string | undefined)[]> {
  const loaded = await Promise.allSettled(files.map((f) => loadSegmentFile(f.path)));
  return loaded.map((result, i) => {
    if (result.status === "fulfilled") return undefined;
    const message = String((result.reason as Error)?.message ?? result.reason).split("\n")[0];
    const prefix = `${files[i].path}: `;
    return message.startsWith(prefix) ? message.slice(prefix.length) : message;
  });
}

/**
 * The last run of each segment, read-only: listing must not create a warehouse on a fresh checkout,
 * nor the segment tables in one where no segment has run; either way nothing has run yet.
 */
async function latestRuns(warehouse: string, names: string[]): Promise<(Selectable<SegmentRunsTable> | undefined)[]> {
  const never = names.map(() => undefined);
  if (!existsSync(warehouse)) return never;
  return withWarehouse(
    warehouse,
    async (wh) => ((await wh.hasTables("segment_runs", "segment_members")) ? Promise.all(names.map((n) => latestRun(wh, n))) : never),
    { readOnly: true },
  );
}

async function previewSegment(ctx: CliContext, name: string, limit: number): Promise<void> {
  const definition = await loadSegment(ctx.config.segments.dir, name);
  await withConfiguredWarehouse(ctx.config, async (wh) => {
    const summary = await evaluateSegment(wh, definition, ctx.config.segments);
    printSummary(ctx, definition.title, summary);
    const members = await evaluatedMembers(wh, limit);
    ctx.output.event("members", { members });
    if (members.length) {
      ctx.output.say(textTable(["customer", "card", "arm", "channel"], members.map((m) => [String(m.customer_id), String(m.card_number ?? ""), m.is_control ? "control" : "target", String(m.channel ?? "–")])));
    }
  });
}

/** `segments run` and the job step of the same name: the named definitions, each diffed against its previous run. */
export async function runSegments(ctx: CliContext, names: string[]): Promise<SegmentRun[]> {
  // `segments run win-back win-back` means one run of win-back, not two
  const unique = [...new Set(names)];
  const definitions = await Promise.all(unique.map((n) => loadSegment(ctx.config.segments.dir, n)));
  return runSegmentDefinitions(ctx, definitions);
}

/**
 * Runs `definitions` (at least one) in one warehouse session and keeps each run (its member list
 * and summary row), then prints one table of them: the work of `segments run` and of `npm start`.
 */
export async function runSegmentDefinitions(ctx: CliContext, definitions: SegmentDefinition[]): Promise<SegmentRun[]> {
  const { config, output, progress } = ctx;
  const started = Date.now();
  const runs = await withConfiguredWarehouse(config, async (wh) => {
    const kept: SegmentRun[] = [];
    progress.start(definitions.length, definitions[0].name);
    try {
      for (const [i, definition] of definitions.entries()) {
        const run = await runSegment(wh, definition, config.segments);
        kept.push(run);
        progress.update(i + 1, definition.name);
        output.event("segment_run", { ...run, title: definition.title });
      }
    } finally {
      progress.stop();
    }
    return kept;
  });
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
  output.say(`Ran ${runs.length} segment(s) as of ${runs[0].asOf} in ${output.duration(Date.now() - started)}; member lists: npx loyalty segments export <name>`);
  return runs;
}

async function exportSegment(ctx: CliContext, name: string, options: ExportOptions): Promise<void> {
  const format = oneOf(options.format, EXPORT_FORMATS, "--format") as ExportFormat;
  const shape = oneOf(options.shape, EXPORT_SHAPES, "--shape") as ExportShape;
  const delimiter = oneOf(options.delimiter ?? ";", [";", ","], "--delimiter") as ";" | ",";
  if (options.withContacts && shape !== "marketer") throw new UsageError(`--with-contacts is for the marketer shape; the ${shape} shape has fixed columns.`);
  const definition = await loadSegment(ctx.config.segments.dir, name);
  await withConfiguredWarehouse(ctx.config, async (wh) => {
    const { runId, fresh } = await currentRun(wh, definition, ctx.config.segments);
    if (fresh) ctx.output.say(`Ran ${name} first (run ${runId}): the models or the definition changed since its last run.`);
    const fileName = exportFileName(name, shape, runId, format, options.withContacts);
    const path = exportPath(options.out, ctx.config.segments.exportDir, fileName);
    // the marketer file is opened in Excel by people; pos and mailer files feed systems and carry text unchanged
    const writeOptions: WriteOptions = { format, delimiter, sheet: name.slice(0, 31), defuseFormulas: shape === "marketer" };
    const query = shapeQuery(shape, runId, options.withContacts);
    // people open the marketer file: in a Russian locale it speaks Russian (systems read the codes)
    const forPeople = shape === "marketer" && (format === "csv" || format === "xlsx") && languageOf(ctx.config.locale) === "ru";
    const { rows } = await writeExportTo(wh, forPeople ? marketerForPeopleRu(query, options.withContacts) : query, path, writeOptions, fileName);
    ctx.output.event("export", { segment: name, runId, shape, format, path, rows, withContacts: Boolean(options.withContacts) });
    ctx.output.say(`Wrote ${ctx.output.number(rows)} row(s) of ${name} (run ${runId}, ${shape} shape${options.withContacts ? " with contacts" : ""}) to ${path}`);
  });
}

async function diffSegment(ctx: CliContext, name: string, limit: number): Promise<void> {
  await loadSegment(ctx.config.segments.dir, name);
  await withConfiguredWarehouse(ctx.config, async (wh) => {
    await ensureSegmentTables(wh);
    const [latest, previous] = await segmentRuns(wh, name, 2);
    if (!latest || !previous) throw new UsageError(`Segment "${name}" needs two runs for a diff; it has ${latest ? "one" : "none"} (loyalty segments run ${name}).`);
    const entered = await diffMembers(wh, previous.run_id, latest.run_id, "entered", limit);
    const exited = await diffMembers(wh, previous.run_id, latest.run_id, "exited", limit);
    ctx.output.event("diff", { segment: name, fromRun: previous.run_id, toRun: latest.run_id, entered: latest.entered, exited: latest.exited, enteredIds: entered, exitedIds: exited });
    ctx.output.say(`${name}: run ${previous.run_id} → run ${latest.run_id}: +${ctx.output.number(latest.entered)} entered, −${ctx.output.number(latest.exited)} exited`);
    if (entered.length) ctx.output.say(`entered: ${entered.join(", ")}${latest.entered > entered.length ? ", …" : ""}`);
    if (exited.length) ctx.output.say(`exited: ${exited.join(", ")}${latest.exited > exited.length ? ", …" : ""}`);
  });
}

function printSummary({ output }: CliContext, title: string, s: SegmentSummary): void {
  output.event("segment_summary", { ...s });
  const reach = Object.entries(s.reach).map(([ch, n]) => `${ch} ${output.number(n)}`).join(", ");
  output.say(
    [
      `${s.segment} — ${title} (data as of ${s.asOf})`,
      `  members ${output.number(s.members)}: target ${output.number(s.targetMembers)}, control ${output.number(s.controlMembers)}`,
      `  reach: ${reach}; unreachable ${output.number(s.unreachable)}`,
      `  estimated cost ${output.money(s.estimatedCost)}; expected to buy within the offer anyway ${output.percent(s.expectedResponseRate)}`,
    ].join("\n"),
  );
}

function oneOf(value: string, allowed: readonly string[], option: string): string {
  if (!allowed.includes(value)) throw new UsageError(`${option} ${value}: use one of ${allowed.join(", ")}`);
  return value;
}
