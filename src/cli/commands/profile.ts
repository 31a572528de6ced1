/** `loyalty profile draft <file>`: drafts the mapping profile that loads a foreign export, and shows what it would load. */
import type { Command } from "commander";
import { existsSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { draftProfile } from "../../../ingest/draft/draft-profile.js";
import { previewProfile } from "../../../ingest/draft/preview-profile.js";
import { mappingProfileSchema } from "../../../ingest/mapping-profile.js";
import { FEED_NAMES, type FeedName } from "../../db/schema.js";
import { UsageError } from "../../errors.js";
import { createContext, type CliContext } from "../context.js";
import { textTable } from "../output.js";

interface DraftOptions {
  feed?: string;
  out?: string;
  force?: boolean;
}

export function registerProfile(program: Command): void {
  const profile = program.command("profile").description("mapping profiles for exports in a chain's own shape");
  profile
    .command("draft <file>")
    .description("look at an export, write a commented mapping profile for it (beside it) and show its first rows as they would be loaded")
    .option("--feed <feed>", `the feed the export is, when the guess is wrong (${FEED_NAMES.join(", ")})`)
    .option("--out <file>", "where to write the profile (default: <export name>.profile.yaml beside it)")
    .option("--force", "overwrite an existing profile")
    .action(async (file: string, options: DraftOptions, command: Command) => {
      await runDraft(createContext(command.optsWithGlobals()), file, options);
    });
  for (const command of profile.commands) command.exitOverride();
}

async function runDraft({ output }: CliContext, file: string, options: DraftOptions): Promise<void> {
  if (options.feed && !FEED_NAMES.includes(options.feed as FeedName)) throw new UsageError(`--feed ${options.feed}: not a feed. Feeds: ${FEED_NAMES.join(", ")}`);
  if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  const out = options.out ?? join(dirname(file), `${basename(file).replace(/(\.(csv|tsv|txt|jsonl|ndjson|json|parquet))?(\.gz)?$/i, "")}.profile.yaml`);
  if (existsSync(out) && !options.force) throw new UsageError(`${out} exists; pass --force to overwrite it, or --out to write elsewhere`);
  const draft = await draftProfile(file, { feed: options.feed as FeedName | undefined });
  writeFileSync(out, draft.yaml);
  const preview = await previewProfile(file, mappingProfileSchema.parse(draft.profile));
  output.event("profile_draft", { path: out, feed: draft.feed, profile: draft.profile, unmapped: draft.unmapped, missing: draft.missing, guesses: draft.guesses, preview });
  output.say(`Drafted a ${draft.feed} profile: ${out}\n`);
  output.say(textTable(["our column", "from the export"], Object.entries(draft.profile.columns).map(([c, s]) => [c, typeof s === "string" ? s : JSON.stringify(s)])));
  if (draft.unmapped.length) output.say(`\nNot loaded: ${draft.unmapped.join(", ")}`);
  if (draft.missing.length) output.warn(`nothing in the export gives ${draft.missing.join(", ")}: edit the profile, or loading will fail`);
  for (const guess of draft.guesses) output.say(`Guessed: ${guess}`);
  const r = preview.result;
  output.say(`\nThe first ${output.number(r.rowsRead)} record(s) as they would be loaded: ${output.number(r.loaded)} loaded, ` +
    `${output.number(r.quarantined)} quarantined, ${output.number(r.duplicates)} duplicates, ${output.number(r.conflicts)} conflicts`);
  if (preview.rows.length) {
    const columns = Object.keys(preview.rows[0]).filter((c) => preview.rows.some((row) => row[c] !== null));
    output.say(textTable(columns, preview.rows.map((row) => columns.map((c) => shown(row[c])))));
  }
  for (const p of preview.problems) output.say(`  ${p.reason}${p.field ? ` (${p.field})` : ""}: ${output.number(p.rows)} row(s), first at line ${p.firstLine}`);
  output.say(`\nReview ${out}, then: npx loyalty ingest "${file}" --profile "${out}"`);
}

function shown(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 19).replace("T", " ");
  return String(v);
}
