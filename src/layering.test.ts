/**
 * The layers, as docs/developer.md lays them out: the CLI is an adapter nothing else depends on;
 * the services in src/app/ neither parse argv nor print; only src/db/ touches DuckDB's API.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");
/** Generated, installed or not ours: nothing there is a layer. */
const SKIPPED = new Set(["node_modules", "data", "dist", "scratch"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith(".") || SKIPPED.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.isFile() && entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** The specifiers a module imports: static imports and re-exports (multi-line too), bare imports, dynamic `import("…")`. */
function importsOf(source: string): string[] {
  const patterns = [
    /^[ \t]*(?:import|export)\s[^;"'`]*?\bfrom\s*["']([^"']+)["']/gm,
    /^[ \t]*import\s*["']([^"']+)["']/gm,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[1]));
}

interface Module {
  /** Relative to the repository, with forward slashes. */
  file: string;
  source: string;
  /** Each import: as written, and the repository path it resolves to when it is relative. */
  imports: { specifier: string; target?: string }[];
}

const repoPath = (path: string) => relative(ROOT, path).split(sep).join("/");

const MODULES: Module[] = sourceFiles(ROOT).map((path) => {
  const source = readFileSync(path, "utf8");
  const imports = importsOf(source).map((specifier) => ({
    specifier,
    target: specifier.startsWith(".") ? repoPath(resolve(dirname(path), specifier)) : undefined,
  }));
  return { file: repoPath(path), source, imports };
});

const violations = (check: (m: Module) => string[]) => MODULES.flatMap(check);

describe("the layers", () => {
  it("reads every kind of import, and no text that only looks like one", () => {
    const source = [
      'import type { A } from "./a.js";',
      "import {\n  b,\n  c,\n} from \"../b.js\";",
      'export { d } from "./d.js";',
      'import "./side-effect.js";',
      'const e = await import("./e.js");',
      'export const label = "from here";',
      ' * import { f } from "in-a-comment";',
    ].join("\n");
    expect(importsOf(source).sort()).toEqual(["../b.js", "./a.js", "./d.js", "./e.js", "./side-effect.js"]);
    expect(MODULES.find((m) => m.file === "src/cli/main.ts")?.imports.map((i) => i.specifier)).toContain("commander");
  });

  it("nothing outside src/cli/ imports from it (bin/ starts it)", () => {
    const found = violations((m) =>
      m.file.startsWith("src/cli/") ? [] : m.imports.filter((i) => i.target?.startsWith("src/cli/")).map((i) => `${m.file} imports ${i.specifier}`),
    );
    expect(found).toEqual([]);
  });

  it("src/app/ neither uses commander nor prints: its callers decide how its events are shown", () => {
    const found = violations((m) => {
      if (!m.file.startsWith("src/app/")) return [];
      const commander = m.imports.filter((i) => i.specifier === "commander" || i.specifier.startsWith("commander/")).map((i) => `${m.file} imports ${i.specifier}`);
      const prints = [...new Set(m.source.match(/\b(?:console\.\w+|process\.(?:stdout|stderr))/g) ?? [])].map((p) => `${m.file} uses ${p}`);
      return [...commander, ...prints];
    });
    expect(found).toEqual([]);
  });

  it("only src/db/ imports DuckDB's API", () => {
    const found = violations((m) =>
      m.file.startsWith("src/db/") ? [] : m.imports.filter((i) => i.specifier.startsWith("@duckdb/")).map((i) => `${m.file} imports ${i.specifier}`),
    );
    expect(found).toEqual([]);
  });
});
