/**
 * Finds and validates the segment definitions of a folder: `<name>.yaml|.yml|.json` written by
 * marketers, `<name>.ts` written by engineers (default export). A definition's `name` must be its
 * file's name, so `loyalty segments export win-back` always means `win-back.yaml` (or .ts).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, extname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { tsImport } from "tsx/esm/api";
import YAML from "yaml";
import { ConfigError, UsageError } from "../src/errors.js";
import { segmentDefinitionSchema, type SegmentDefinition } from "./segment-definition.js";

const EXTENSIONS = [".yaml", ".yml", ".json", ".ts"];

export interface SegmentFile {
  name: string;
  path: string;
}

export function listSegmentFiles(dir: string): SegmentFile[] {
  if (!existsSync(dir)) throw new UsageError(`The segments folder ${dir} does not exist (config key "segments.dir").`);
  return readdirSync(dir)
    .filter((f) => EXTENSIONS.includes(extname(f)) && !f.endsWith(".test.ts") && !f.startsWith("_") && !f.startsWith("."))
    .map((f) => ({ name: basename(f, extname(f)), path: join(dir, f) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function loadSegment(dir: string, name: string): Promise<SegmentDefinition> {
  const files = listSegmentFiles(dir);
  const file = files.find((f) => f.name === name);
  if (!file) {
    throw new UsageError(`There is no segment "${name}" in ${dir}. Known segments: ${files.map((f) => f.name).join(", ") || "(none)"}.`);
  }
  return loadSegmentFile(file.path);
}

export async function loadAllSegments(dir: string): Promise<SegmentDefinition[]> {
  return Promise.all(listSegmentFiles(dir).map((f) => loadSegmentFile(f.path)));
}

export async function loadSegmentFile(path: string): Promise<SegmentDefinition> {
  const data = await readDefinition(path);
  const definition = parseSegmentDefinition(data, path);
  const expected = basename(path, extname(path));
  if (definition.name !== expected) throw new ConfigError(path, "name", `is "${definition.name}" but the file is ${basename(path)}: they must match`);
  return definition;
}

/** Validates a definition; the error names the source and the key path, e.g. `where.all.1.between`. */
export function parseSegmentDefinition(data: unknown, source = "segment"): SegmentDefinition {
  const parsed = segmentDefinitionSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = relevantIssue(parsed.error.issues as unknown as ZodIssueLike[]);
  const key = [...issue.path, ...("keys" in issue ? (issue.keys as string[]) : [])].join(".") || "(root)";
  throw new ConfigError(source, key, issue.message);
}

/**
 * A condition is a union (all/any/not/comparison), so zod reports "no union member matched" at the
 * condition itself, with every member's complaints. The member meant is the one whose own key is
 * there (no "missing key" and no "unrecognised keys" at its top); its complaint is the useful one.
 */
function relevantIssue(issues: readonly ZodIssueLike[]): ZodIssueLike {
  const issue = issues.find((i) => i.code === "invalid_union" && "errors" in i) ?? issues[0];
  if (issue.code !== "invalid_union" || !("errors" in issue)) return issue;
  const branches = (issue.errors as ZodIssueLike[][]).filter((b) => b.length > 0);
  const meant = branches.find((b) => !b.some((i) => isMissingKey(i) || (i.code === "unrecognized_keys" && i.path.length === 0)));
  const chosen = meant ?? branches.reduce((x, y) => (depth(y) > depth(x) ? y : x));
  const inner = relevantIssue(chosen);
  return { ...inner, path: [...issue.path, ...inner.path] };
}

const isMissingKey = (i: ZodIssueLike) => i.code === "invalid_type" && i.path.length === 1 && /received undefined/.test(i.message);
const depth = (b: ZodIssueLike[]) => Math.max(...b.map((i) => i.path.length));

interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  [k: string]: unknown;
}

async function readDefinition(path: string): Promise<unknown> {
  if (extname(path) === ".ts") return readTypeScriptDefinition(path);
  const text = readFileSync(path, "utf8");
  try {
    return extname(path) === ".json" ? JSON.parse(text) : YAML.parse(text);
  } catch (err) {
    throw new ConfigError(path, "(file)", `cannot be parsed: ${(err as Error).message}`);
  }
}

/**
 * Loads a TypeScript definition as an ES module wherever it lives (tsx's loader, so a folder without
 * a package.json of its own works too); a file that does not load, or exports nothing, is named.
 */
async function readTypeScriptDefinition(path: string): Promise<unknown> {
  let module: { default?: unknown };
  try {
    module = await tsImport(pathToFileURL(resolve(path)).href, import.meta.url);
  } catch (err) {
    const lines = (err as Error).message.split("\n").map((l) => l.trim()).filter(Boolean);
    throw new ConfigError(path, "(file)", `cannot be loaded: ${lines.slice(0, 2).join(" ")}`);
  }
  // compiled as CommonJS (no "type": "module" around the file), the default export is one level down
  const exported = module.default as { __esModule?: boolean; default?: unknown } | undefined;
  const definition = exported?.__esModule ? exported.default : exported;
  if (definition === undefined) throw new ConfigError(path, "(file)", "has no default export: write `export default { name: ..., title: ..., where: ... }`");
  return definition;
}
