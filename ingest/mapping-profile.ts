/**
 * Mapping profiles: a small declarative file (JSON or YAML) that maps a foreign export onto one of
 * our feeds. It is data, never code: column names, formats, constants, value maps, derived columns
 * from a closed set of operations (profile-expressions.ts), and what a re-sent, different row means.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import YAML from "yaml";
import { z } from "zod";
import { FEED_NAMES, FEEDS, type FeedName } from "../src/db/schema.js";
import { ConfigError } from "../src/errors.js";
import { expressionSchema } from "./profile-expressions.js";

/** The mapping-profile source that stands for the record's line number. */
export const LINE_NUMBER = "$line";

/** How a row whose key is loaded already, with other content, is taken. */
export const CORRECTIONS = ["reject", "replace"] as const;
export type Corrections = (typeof CORRECTIONS)[number];

const feedName = z.enum(FEED_NAMES as [FeedName, ...FeedName[]]);

export const mappingProfileSchema = z
  .object({
    /** Which feed the export is. */
    feed: feedName,
    /** `utf-8` (with or without BOM) or `windows-1251`; detected when absent. */
    encoding: z.enum(["utf-8", "windows-1251"]).optional(),
    /** CSV field separator, or `whitespace` for columns aligned with runs of spaces; detected when absent. */
    delimiter: z.union([z.string().length(1), z.literal("whitespace")]).optional(),
    /** Whether the first line names the columns; detected when absent. */
    header: z.boolean().optional(),
    /** Decimal separator of numbers; `auto` reads both `1 234,50` and `1234.50`. */
    decimal: z.enum([",", ".", "auto"]).default("auto"),
    /**
     * The strptime format(s) of the export's dates and timestamps, e.g. `%d/%m/%Y %H:%M`; when given,
     * a value that fits none of them (nor ISO) is invalid, never read another way.
     */
    dateFormat: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
    /**
     * Our column name → the export's column name, its 1-based position, `$line` (the record's line
     * number, for exports whose rows have no id of their own), or a derived value such as
     * `{ product: [Quantity, UnitPrice] }` or `{ datetime: [Дата, Время] }`.
     */
    columns: z.record(z.string(), z.union([z.string(), z.number().int().positive(), expressionSchema])).default({}),
    /** Our column name → a value every row gets (e.g. the store of a single-store export). */
    constants: z.record(z.string(), z.coerce.string()).default({}),
    /** Our column name → { export's value: our value }, e.g. operation types or channel names in Russian. */
    values: z.record(z.string(), z.record(z.string(), z.union([z.string(), z.boolean(), z.number()]).transform(String))).default({}),
    /** A numeric column whose negative values mark a return: the row gets is_return and absolute amounts. */
    returnWhenNegative: z.string().optional(),
    /**
     * A row (or, in a line-level export, a receipt) that is loaded already but arrives with other
     * content: `reject` quarantines it as a conflicting re-send; `replace` takes it as a correction
     * that replaces the stored version (the change is kept in history_changes).
     */
    corrections: z.enum(CORRECTIONS).default("reject"),
  })
  .strict()
  .superRefine((profile, ctx) => {
    const known = new Set(Object.keys(FEEDS[profile.feed].columns));
    const check = (section: string, names: string[]) => {
      for (const name of names) {
        if (!known.has(name)) {
          ctx.addIssue({
            code: "custom",
            path: [section, name],
            message: `is not a column of the ${profile.feed} feed (columns: ${[...known].join(", ")})`,
          });
        }
      }
    };
    check("columns", Object.keys(profile.columns));
    check("constants", Object.keys(profile.constants));
    check("values", Object.keys(profile.values));
    if (profile.returnWhenNegative) check("returnWhenNegative", [profile.returnWhenNegative]);
  });

export type MappingProfile = z.infer<typeof mappingProfileSchema>;

export async function loadMappingProfile(path: string): Promise<MappingProfile & { name: string }> {
  const text = await readFile(path, "utf8");
  let data: unknown;
  try {
    data = /\.ya?ml$/i.test(path) ? YAML.parse(text) : JSON.parse(text);
  } catch (err) {
    throw new ConfigError(path, "(file)", `is not valid ${/\.ya?ml$/i.test(path) ? "YAML" : "JSON"}: ${(err as Error).message}`);
  }
  const parsed = mappingProfileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(path, issue.path.join(".") || "(root)", issue.message);
  }
  return { ...parsed.data, name: basename(path) };
}

/** The profile used when none is given: the feed's own column names, everything detected. */
export function defaultProfile(feed: FeedName): MappingProfile {
  return mappingProfileSchema.parse({ feed });
}
