import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain-JS component of the site, without type declarations
import { formatters } from "./format.js";

describe("the site's number formats", () => {
  it("take the currency from the config: a GBP chain sees £, a RUB chain ₽", () => {
    const gbp = formatters({ locale: "en-GB", currency: "GBP" });
    expect(gbp.currencySymbol).toBe("£");
    expect(gbp.money(1234.5)).toBe("£1,235");
    const rub = formatters({ locale: "ru-RU", currency: "RUB" });
    expect(rub.currencySymbol).toBe("₽");
    expect(rub.money2(1234.5)).toBe("1\u00a0234,50\u00a0₽");
  });

  it("give Plotly the locale's decimal and group separators, decimal first", () => {
    expect(formatters({ locale: "ru-RU", currency: "RUB" }).separators).toBe(", ");
    expect(formatters({ locale: "en-GB", currency: "GBP" }).separators).toBe(".,");
  });

  it("are the only place a currency sign comes from: no page or component writes one", () => {
    const root = join(import.meta.dirname, "..");
    const files = [...readdirSync(root).filter((f) => f.endsWith(".md")).map((f) => join(root, f)),
      ...readdirSync(import.meta.dirname).filter((f) => f.endsWith(".js")).map((f) => join(import.meta.dirname, f))];
    const signs = files.flatMap((f) => [...readFileSync(f, "utf8").split("\n").entries()]
      .filter(([, line]) => /[₽£€$](?!\{)/.test(line.replace(/\$\{/g, "")) && !line.includes("currencySymbol") && !line.trim().startsWith("//"))
      .map(([n]) => `${f.slice(root.length + 1)}:${n + 1}`));
    expect(signs).toEqual([]);
  });
});
