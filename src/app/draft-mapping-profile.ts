/**
 * Drafts the mapping profile that loads a foreign export, writes it beside the export (or to `out`)
 * and previews what it would load: `loyalty profile draft`. Needs no config: it reads one file.
 */
import { existsSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { draftProfile, type DraftedProfile } from "../../ingest/draft/draft-profile.js";
import { previewProfile, type ProfilePreview } from "../../ingest/draft/preview-profile.js";
import { mappingProfileSchema } from "../../ingest/mapping-profile.js";
import type { FeedName } from "../db/schema.js";
import { UsageError } from "../errors.js";
import type { AppEvents } from "./app-events.js";

export interface DraftOptions {
  /** The feed the export is, when the guess is wrong. */
  feed?: FeedName;
  /** Where to write the profile (default: <export name>.profile.yaml beside it). */
  out?: string;
  /** Overwrite an existing profile. */
  force?: boolean;
}

export interface DraftedMappingProfile {
  /** Where the profile was written. */
  path: string;
  draft: DraftedProfile;
  preview: ProfilePreview;
}

export async function draftMappingProfile(file: string, options: DraftOptions, events: AppEvents): Promise<DraftedMappingProfile> {
  if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  const path = options.out ?? join(dirname(file), `${basename(file).replace(/(\.(csv|tsv|txt|jsonl|ndjson|json|parquet))?(\.gz)?$/i, "")}.profile.yaml`);
  if (existsSync(path) && !options.force) throw new UsageError(`${path} exists; pass --force to overwrite it, or --out to write elsewhere`);
  const draft = await draftProfile(file, { feed: options.feed });
  writeFileSync(path, draft.yaml);
  const preview = await previewProfile(file, mappingProfileSchema.parse(draft.profile));
  events.event("profile_draft", { path, feed: draft.feed, profile: draft.profile, unmapped: draft.unmapped, missing: draft.missing, guesses: draft.guesses, preview });
  if (draft.missing.length) events.warning(`nothing in the export gives ${draft.missing.join(", ")}: edit the profile, or loading will fail`);
  return { path, draft, preview };
}
