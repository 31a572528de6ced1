import { describe, expect, it } from "vitest";
import { SITE_PAGES } from "../../src/site/site-pages.js";
import { DIAGNOSIS_METRICS, type DiagnosisMetric, type Finding } from "./diagnose-month.js";
import { findingAdvice, findingSentence } from "./diagnosis-wording.js";

const finding = (o: Partial<Finding>): Finding => ({
  period_start: "2026-10-01", comparison: "previous_month", dimension: "store", cell: "S2", metric: "identified_share", value: 0.352, base_value: 0.71,
  reference_value: 0.698, reference_base_value: 0.701, reference_change: -0.004, excess: -0.354, history_months: 12, t_statistic: -30, p_value: 0,
  impact: -1_234_567, significant: true, ...o,
});

/** Intl's no-break spaces as plain ones, for readable expectations. */
const spaced = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("a finding in words", () => {
  it("names the cell, the change against the typical one, the money and the verdict", () => {
    expect(spaced(findingSentence(finding({}), new Map([["S2", "Баумана"]])))).toBe(
      "Магазин «Баумана»: доля чеков с картой упала с 71,0 % до 35,2 % к прошлому месяцу (обычно у магазинов: -0,4 п. п.); эффект -1,2 млн ₽ выручки — больше обычных колебаний.",
    );
  });

  it("says a level's typical change as a percent, and a rise within the noise as such", () => {
    const f = finding({ dimension: "category_stage", cell: "Чай × loyal", metric: "revenue", value: 1200, base_value: 1000, reference_change: Math.log(1.05), impact: 150, significant: false, comparison: "last_year" });
    expect(spaced(findingSentence(f, new Map()))).toBe(
      "Категория «Чай» у стадии «лояльные»: выручка выросла с 1 000 ₽ до 1 200 ₽ к тому же месяцу прошлого года (обычно у других стадий в этой категории: +5,0 %); эффект +150 ₽ выручки — в пределах обычных колебаний.",
    );
  });

  it("makes the verb agree with the metric", () => {
    expect(findingSentence(finding({ metric: "avg_check", value: 900, base_value: 1000 }), new Map())).toMatch(/средний чек упал с/);
    expect(findingSentence(finding({ metric: "visits_per_buyer", value: 2, base_value: 1.5 }), new Map())).toMatch(/визиты на покупателя выросли с/);
  });

  it("links every finding to a page the site has", () => {
    const pages = new Set<string>(SITE_PAGES.map((p) => p.path));
    for (const metric of Object.keys(DIAGNOSIS_METRICS) as DiagnosisMetric[]) {
      for (const impact of [-1, 1]) expect(pages, `${metric} ${impact}`).toContain(findingAdvice(finding({ metric, impact })).page);
    }
  });
});
