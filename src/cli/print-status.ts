/** Human-readable views of what was loaded, shared by `ingest`, `status` and `start`. */
import type { FileLoadResult } from "../../ingest/load-file.js";
import type { WarehouseStatus } from "../../ingest/warehouse-status.js";
import type { PlannedModel } from "../../models/build-plan.js";
import { textTable, type Output } from "./output.js";

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "–");

export function printFileResults(out: Output, results: FileLoadResult[]): void {
  if (results.length === 0) return;
  const rows = results.map((r) => [
    r.file,
    r.feed,
    r.status === "skipped" ? "skipped" : out.number(r.rowsRead),
    r.status === "skipped" ? "" : out.number(r.loaded),
    r.status === "skipped" ? "" : out.number(r.updated),
    r.status === "skipped" ? "" : out.number(r.quarantined),
    r.status === "skipped" ? "" : out.number(r.duplicates),
    r.status === "skipped" ? "" : out.number(r.conflicts),
    r.status === "skipped" ? (r.note ?? "") : out.duration(r.durationMs),
  ]);
  out.say(textTable(["file", "feed", "read", "loaded", "updated", "quarantined", "duplicates", "conflicts", "time"], rows, [2, 3, 4, 5, 6, 7]));
  const conflicted = results.filter((r) => r.conflicts > 0);
  if (conflicted.length) {
    out.warn(
      `${out.number(conflicted.reduce((s, r) => s + r.conflicts, 0))} re-sent row(s) in ${conflicted.map((r) => r.file).join(", ")} contradict what was loaded before and were quarantined as conflicting_resend ` +
        "(`npx loyalty status --quarantine` lists them). If the re-send corrects the earlier data, load it again with `--corrections replace`.",
    );
  }
}

export function printWarehouseSummary(out: Output, status: WarehouseStatus): void {
  out.say("\nTables");
  out.say(
    textTable(
      ["table", "rows", "files", "from", "to"],
      status.tables.map((t) => [t.table, out.number(t.rows), out.number(t.files), day(t.from), day(t.to)]),
      [1, 2],
    ),
  );
  const { identified } = status;
  out.say(
    `\nIdentified receipts: ${out.percent(identified.receiptShare)} of ${out.number(identified.receipts)} sales ` +
      `(${out.percent(identified.revenueShare)} of revenue)`,
  );
  const quarantined = status.quarantineByReason.filter((q) => q.reason !== "conflicting_resend").reduce((s, q) => s + q.rows, 0);
  const conflicts = status.quarantineByReason.filter((q) => q.reason === "conflicting_resend").reduce((s, q) => s + q.rows, 0);
  if (conflicts) out.say(`\nConflicting re-sends: ${out.number(conflicts)} row(s) that contradict a loaded version (kept in the quarantine)`);
  out.say(`\nQuarantined rows: ${out.number(quarantined)}${quarantined ? " (see `loyalty status --quarantine` for lines)" : ""}`);
  if (quarantined) {
    out.say(textTable(["feed", "field", "reason", "rows"], status.quarantineByReason.map((q) => [q.feed, q.field ?? "", q.reason, out.number(q.rows)]), [3]));
  }
  if (status.warningsByReason.length) {
    out.say("\nLoaded with a field blanked (value kept in load_warnings)");
    out.say(textTable(["feed", "field", "reason", "rows"], status.warningsByReason.map((w) => [w.feed, w.field, w.reason, out.number(w.rows)]), [3]));
  }
  const flagged = status.references.filter((r) => r.rows > 0);
  if (flagged.length) {
    out.say("\nKept but flagged (unknown references)");
    out.say(textTable(["check", "rows", "meaning"], flagged.map((r) => [r.name, out.number(r.rows), r.description]), [1]));
  }
}

const ACTION_WORDS: Record<PlannedModel["action"], string> = { full: "rebuild", incremental: "refresh the changed rows", unchanged: "nothing" };

/** Per model: its last build and what the next build will do with it, and why. */
export function printBuildPlan(out: Output, plan: PlannedModel[]): void {
  out.say(
    textTable(
      ["model", "last built (UTC)", "as of", "next build", "why"],
      plan.map((p) => [p.model.name, p.last?.builtAt.slice(0, 16) ?? "never", p.last?.asOf ?? "", ACTION_WORDS[p.action], p.reasons.join("; ")]),
    ),
  );
  const work = plan.filter((p) => p.action !== "unchanged").length;
  out.say(work ? `The next build rebuilds ${work} of ${plan.length} model(s).` : "Every model is up to date.");
}

/** Says that DuckDB spilled to disk (and while doing what), with what to do about it. */
export function warnSpill(out: Output, memoryLimit: string, spills: { what: string; bytes: number }[]): void {
  if (spills.length === 0) return;
  out.warn(
    `DuckDB needed more than its memory limit (${memoryLimit}) and spilled to disk while ${spills.map((s) => `${s.what} (${out.bytes(s.bytes)})`).join(", ")}: ` +
      "slower than it could be. If the machine has memory to spare, raise `memoryLimit` in the config.",
  );
}
