/**
 * Where an export goes: its default file name, `--out` as a file or a folder, and a path that cannot
 * be written turned into a usage error that names it.
 */
import { statSync } from "node:fs";
import { access, constants, mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { ExportFormat, ExportShape } from "./export-shapes.js";
import { writeExport, type WriteOptions } from "./write-export.js";
import type { Warehouse } from "../src/db/warehouse.js";
import { UsageError } from "../src/errors.js";

/**
 * A file with contacts gets its own name, so exporting with contacts never overwrites a shared
 * file without personal data (and the name says what is inside).
 */
export function exportFileName(name: string, shape: ExportShape, runId: number, format: ExportFormat, withContacts = false): string {
  return `${name}-${shape}${withContacts ? "-contacts" : ""}-run${runId}.${format}`;
}

/** `--out` a folder (existing, or ending in a slash) gets the default name inside it; no `--out`: the export folder. */
export function exportPath(out: string | undefined, exportDir: string, fileName: string): string {
  if (out === undefined) return resolve(exportDir, fileName);
  const path = resolve(out);
  return /[\\/]$/.test(out) || isDirectory(path) ? join(path, fileName) : path;
}

/** False for a missing or unreachable path too (a file on the way): writing it then names the problem. */
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Writes the export; a path that cannot be written is a usage error naming it, not a stack trace. */
export async function writeExportTo(wh: Warehouse, query: string, path: string, options: WriteOptions, fileName: string): Promise<{ rows: number }> {
  try {
    // checked first: DuckDB writes the file itself, and its "cannot open file" carries no error code
    await mkdir(dirname(path), { recursive: true });
    await access(dirname(path), constants.W_OK);
    return await writeExport(wh, query, path, options);
  } catch (err) {
    const problem = fsProblem(err);
    if (problem) throw new ExportPathError(path, problem, fileName);
    throw err;
  }
}

const FS_PROBLEMS: Record<string, string> = {
  EISDIR: "it is a folder",
  EEXIST: "a part of the path is a file, not a folder",
  ENOTDIR: "a part of the path is a file, not a folder",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOENT: "a folder on the path does not exist",
  ENOSPC: "the disk is full",
};

function fsProblem(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code ? FS_PROBLEMS[code] : undefined;
}

export class ExportPathError extends UsageError {
  constructor(path: string, problem: string, fileName: string) {
    super(`Cannot write the export to ${path}: ${problem}. Give --out a file in a folder you can write to, or a folder (the file is then named ${fileName}).`);
  }
}
