import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import { positiveInt } from "./parse-options.js";

describe("positiveInt", () => {
  it("reads a whole number ≥ 1", () => {
    expect(positiveInt("1", "--limit")).toBe(1);
    expect(positiveInt("20", "--limit")).toBe(20);
    expect(positiveInt("007", "--history")).toBe(7);
  });

  it("rejects anything else as a usage error naming the option, the value and what to type instead", () => {
    expect(() => positiveInt("abc", "--limit")).toThrow(UsageError);
    expect(() => positiveInt("abc", "--limit")).toThrow(/^--limit abc: use a whole number ≥ 1$/);
    for (const value of ["", "0", "-5", "2.5", "1e3", "0x10", " 5", "Infinity", "99999999999999999999"]) {
      expect(() => positiveInt(value, "--history"), value).toThrow(`--history ${value}: use a whole number ≥ 1`);
    }
  });
});
