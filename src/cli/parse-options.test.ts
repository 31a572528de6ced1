import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import { feedOption, isoDate, portNumber, positiveInt } from "./parse-options.js";

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

describe("isoDate", () => {
  it("reads a calendar date that exists, leap days included", () => {
    expect(isoDate("2026-10-31", "--as-of")).toBe("2026-10-31");
    expect(isoDate("2028-02-29", "--as-of")).toBe("2028-02-29");
  });

  it("rejects other shapes and days that do not exist as a usage error naming the option", () => {
    for (const value of ["2026-13-45", "2026-02-29", "2026-04-31", "2026-00-10", "31.10.2026", "2026-10-31T00:00", "20261031", ""]) {
      expect(() => isoDate(value, "--as-of"), value).toThrow(UsageError);
      expect(() => isoDate(value, "--as-of"), value).toThrow(`--as-of ${value}: not a date; use YYYY-MM-DD, e.g. 2026-10-31`);
    }
  });
});

describe("portNumber", () => {
  it("reads a port, 0 for any free one, and leaves an absent one to the default", () => {
    expect(portNumber("8080")).toBe(8080);
    expect(portNumber("0")).toBe(0);
    expect(portNumber(undefined)).toBeUndefined();
  });

  it("rejects anything else as a usage error naming --port", () => {
    for (const value of ["abc", "-1", "65536", "80.5"]) expect(() => portNumber(value), value).toThrow(`--port ${value}: use a port number`);
  });
});

describe("feedOption", () => {
  it("takes a feed's name and rejects anything else, listing the feeds", () => {
    expect(feedOption("receipts")).toBe("receipts");
    expect(feedOption(undefined)).toBeUndefined();
    expect(() => feedOption("sales")).toThrow(/^--feed sales: not a feed\. Feeds: .*receipts/);
  });
});
