/**
 * The build graph, derived: a model's inputs are the tables its definition names through ref() and
 * source() — its SQL (with every optional input present), its change rules, its warning, its data
 * tests, or for a model computed in code its `reads`. Nothing is listed by hand, so nothing can be
 * forgotten; a table named in SQL without them is caught by the registry's test.
 */
import { parseConfig } from "../src/config/config.js";
import type { Model, ModelContext } from "./model.js";
import { recordingRefs, type InputKind } from "./table-refs.js";

/** A set that holds every table: the definition is read with all its optional inputs. */
const EVERY_TABLE: ReadonlySet<string> = new Proxy(new Set<string>(), {
  get: (target, prop) => (prop === "has" ? () => true : Reflect.get(target, prop, target)),
});

const named = new WeakMap<Model, ReadonlyMap<string, InputKind>>();

/** Every table the model reads, with how it names it (ref or source); not the model's own table. */
export function inputKindsOf(model: Model): ReadonlyMap<string, InputKind> {
  let inputs = named.get(model);
  if (!inputs) {
    inputs = record(model);
    named.set(model, inputs);
  }
  return inputs;
}

/** The names of the tables the model reads: builds run in this order, and a refresh looks at their changes. */
export function inputsOf(model: Model): string[] {
  return [...inputKindsOf(model).keys()];
}

function record(model: Model): Map<string, InputKind> {
  const refs = recordingRefs();
  const ctx: ModelContext = { asOf: "2000-01-31", params: parseConfig({}).models, tables: EVERY_TABLE, ...refs };
  if (model.kind === "sql") {
    model.sql(ctx);
    for (const rule of Object.values(model.incremental?.touchedBy ?? {})) rule({ afterFileId: 0, removed: "removed", rebuiltKeys: "rebuilt", ...refs });
  } else {
    model.reads(ctx);
  }
  model.warn?.(ctx);
  if (model.oneRowPer) refs.source(model.oneRowPer);
  for (const test of model.tests ?? []) {
    if (test.kind === "expression") test.failingRows(ctx);
    if (test.kind === "relationships") refs.ref(test.to);
  }
  refs.named.delete(model.name);
  return refs.named;
}
