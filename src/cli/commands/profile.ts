/** `loyalty profile draft <file>`: drafts the mapping profile that loads a foreign export, and shows what it would load. */
import type { Command } from "commander";
import { draftMappingProfile, type DraftedMappingProfile } from "../../app/draft-mapping-profile.js";
import { FEED_NAMES } from "../../db/schema.js";
import { createContext } from "../context.js";
import { textTable, type Output } from "../output.js";
import { feedOption } from "../parse-options.js";

interface DraftCommandOptions {
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
    .action(async (file: string, options: DraftCommandOptions, command: Command) => {
      const { output, events } = createContext(command.optsWithGlobals());
      printDraft(output, file, await draftMappingProfile(file, { ...options, feed: feedOption(options.feed) }, events));
    });
  for (const command of profile.commands) command.exitOverride();
}

function printDraft(output: Output, file: string, { path: out, draft, preview }: DraftedMappingProfile): void {
  output.say(`Drafted a ${draft.feed} profile: ${out}\n`);
  output.say(textTable(["our column", "from the export"], Object.entries(draft.profile.columns).map(([c, s]) => [c, typeof s === "string" ? s : JSON.stringify(s)])));
  if (draft.unmapped.length) output.say(`\nNot loaded: ${draft.unmapped.join(", ")}`);
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
