/**
 * Data tests run after every model build: the grain is unique and not null, plus each model's own
 * tests. A failure names the model, the test and the first offending keys.
 */
import type { Warehouse } from "../src/db/warehouse.js";
import { quoteIdent, sqlString } from "../src/db/warehouse.js";
import { EXIT, LoyaltyError } from "../src/errors.js";
import type { DataTest, Model, ModelContext } from "./model.js";

export class DataTestError extends LoyaltyError {
  constructor(
    readonly model: string,
    readonly test: string,
    readonly failures: number,
    readonly examples: Record<string, unknown>[],
  ) {
    const shown = examples.map((e) => JSON.stringify(e)).join(", ");
    super(`Data test failed: ${model} ${test}: ${failures} row(s), e.g. ${shown}`, EXIT.dataTest);
  }
}


interface CompiledTest {
  name: string;
  /** Returns the failing rows (keys first). */
  sql: string;
}

function compileTests(model: Model, ctx: ModelContext): CompiledTest[] {
  const grain = model.grain.map(quoteIdent).join(", ");
  // After an incremental build only the rebuilt keys can have gained a copy: the others were unique
  // before and were not touched (the whole of a 32M-row fct_receipts took 10 s to check).
  const key = model.kind === "sql" ? model.incremental?.key : undefined;
  const scoped = ctx.changed && key?.every((k) => model.grain.includes(k)) ? ` SEMI JOIN ${ctx.changed} USING (${key.map(quoteIdent).join(", ")})` : "";
  const unique = model.oneRowPer
    ? {
        name: `unique grain (${model.grain.join(", ")}): one row per row of ${model.oneRowPer}`,
        sql: `SELECT m.rows, s.rows AS staged FROM (SELECT count(*) AS rows FROM ${quoteIdent(model.name)}) m,
          (SELECT count(*) AS rows FROM ${ctx.source(model.oneRowPer)}) s WHERE m.rows <> s.rows`,
      }
    : {
        name: `unique grain (${model.grain.join(", ")})`,
        sql: `SELECT ${grain}, count(*)::BIGINT AS copies FROM ${quoteIdent(model.name)}${scoped} GROUP BY ALL HAVING count(*) > 1`,
      };
  const tests: DataTest[] = [{ kind: "not_null", columns: model.grain }, ...(model.tests ?? [])];
  // a view's grain is its input's key, kept unique where the rows are stored (the load)
  const view = model.kind === "sql" && model.materialized === "view";
  return [...(view ? [] : [unique]), ...tests.flatMap((test) => compileTest(model, test, ctx))];
}

function compileTest(model: Model, test: DataTest, ctx: ModelContext): CompiledTest[] {
  const t = quoteIdent(model.name);
  const grain = model.grain.map(quoteIdent).join(", ");
  switch (test.kind) {
    case "not_null":
      return test.columns.map((c) => ({ name: `not_null ${c}`, sql: `SELECT ${grain} FROM ${t} WHERE ${quoteIdent(c)} IS NULL` }));
    case "accepted_values":
      return [
        {
          name: `accepted_values ${test.column}`,
          sql: `SELECT ${grain}, ${quoteIdent(test.column)} FROM ${t} WHERE ${quoteIdent(test.column)} NOT IN (${test.values.map(sqlString).join(", ")})`,
        },
      ];
    case "relationships":
      return [
        {
          name: `relationships ${test.column} → ${test.to}.${test.toColumn}`,
          sql: `SELECT ${grain}, m.${quoteIdent(test.column)} FROM ${t} AS m WHERE m.${quoteIdent(test.column)} IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM ${quoteIdent(test.to)} AS r WHERE r.${quoteIdent(test.toColumn)} = m.${quoteIdent(test.column)})`,
        },
      ];
    case "expression":
      return [{ name: test.name, sql: test.failingRows(ctx) }];
  }
}

export async function runDataTests(wh: Warehouse, model: Model, ctx: ModelContext): Promise<number> {
  const tests = compileTests(model, ctx);
  for (const test of tests) {
    const { n } = await wh.one<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM (${test.sql})`);
    if (n > 0) throw new DataTestError(model.name, test.name, n, await wh.all(`${test.sql} LIMIT 5`));
  }
  return tests.length;
}
