import { describe, expect, it } from "vitest";
import {
  looksLikeCardNumbers,
  operationMeaning,
  sniffBooleans,
  sniffDateTime,
  sniffNumbers,
  sniffValueSet,
} from "./sniff-values.js";

describe("sniffNumbers", () => {
  it.each([
    [["2 450,00", "318,40", "-1 200,00", "0,00"], { decimal: ",", thousands: " ", integer: false, negative: true }],
    [["2\u00a0450,00", "318,40"], { decimal: ",", thousands: "\u00a0", integer: false, negative: false }],
    [["1\u202f234,50"], { decimal: ",", thousands: "\u202f", integer: false, negative: false }],
    [["1,234.50", "12.00"], { decimal: ".", thousands: ",", integer: false, negative: false }],
    [["1.234,50", "7,25"], { decimal: ",", thousands: ".", integer: false, negative: false }],
    [["-1 200,00"], { decimal: ",", thousands: " ", integer: false, negative: true }],
    [["3", "12", "-1"], { decimal: ".", thousands: "", integer: true, negative: true }],
    [["1 200", "35"], { decimal: ".", thousands: " ", integer: true, negative: false }],
    [["0,5"], { decimal: ",", thousands: "", integer: false, negative: false }],
    [["2.55", "0.85", "-4.95"], { decimal: ".", thousands: "", integer: false, negative: true }],
    [["1,234,567.5"], { decimal: ".", thousands: ",", integer: false, negative: false }],
  ])("%j", (values, shape) => {
    expect(sniffNumbers(values)).toEqual(shape);
  });

  it("decides an ambiguous 1,500 from the other values", () => {
    // "2,35" has no room for a thousands comma
    expect(sniffNumbers(["1,500", "2,35"])).toEqual({ decimal: ",", thousands: "", integer: false, negative: false });
    // a file that groups thousands groups them everywhere: "2500" rules grouping out
    expect(sniffNumbers(["1,500", "2500"])).toEqual({ decimal: ",", thousands: "", integer: false, negative: false });
    // "1,234.50" leaves only the comma as thousands separator
    expect(sniffNumbers(["1,500", "1,234.50"])).toEqual({ decimal: ".", thousands: ",", integer: false, negative: false });
    // a weight "0,500" is never a grouped number
    expect(sniffNumbers(["1,500", "0,500"])).toEqual({ decimal: ",", thousands: "", integer: false, negative: false });
  });

  it("reads an undecidable lone separator as decimal and says it guessed", () => {
    expect(sniffNumbers(["1,500", "3"])).toEqual({ decimal: ",", thousands: "", integer: false, negative: false, guessed: true });
    expect(sniffNumbers(["1.500"])).toEqual({ decimal: ".", thousands: "", integer: false, negative: false, guessed: true });
  });

  it("skips empty values and null markers", () => {
    expect(sniffNumbers(["", " 7,5 ", "-", "NULL"])).toEqual({ decimal: ",", thousands: "", integer: false, negative: false });
  });

  it.each([[["абв", "1,5"]], [["05.10.2026"]], [["1,2,3"]], [["12:30"]], [[""]], [[]], [["1 2 3"]]])("is no number: %j", (values) => {
    expect(sniffNumbers(values)).toBeUndefined();
  });
});

describe("sniffDateTime", () => {
  it.each([
    [["05.10.2026", "31.12.2025"], { kind: "date", format: "%d.%m.%Y", dayFirst: true, strptime: true, builtIn: true, mismatched: 0 }],
    [["05.10.2026 09:12", "5.1.2026 9:05"], { kind: "datetime", format: "%d.%m.%Y %H:%M", dayFirst: true, strptime: true, builtIn: true, mismatched: 0 }],
    [["05.10.2026 09:12:07"], { kind: "datetime", format: "%d.%m.%Y %H:%M:%S", dayFirst: true, strptime: true, builtIn: true, mismatched: 0 }],
    [["13/10/2026", "05/10/2026"], { kind: "date", format: "%d/%m/%Y", dayFirst: true, strptime: true, builtIn: true, mismatched: 0 }],
    [["2026-10-05"], { kind: "date", format: "%Y-%m-%d", strptime: true, builtIn: true, mismatched: 0 }],
    [["2026-10-05 09:12:07", "2026-10-05 18:00:00"], { kind: "datetime", format: "%Y-%m-%d %H:%M:%S", strptime: true, builtIn: true, mismatched: 0 }],
    [["2026-10-05T09:12:07"], { kind: "datetime", format: "%Y-%m-%dT%H:%M:%S", strptime: true, builtIn: true, mismatched: 0 }],
    [["2026-10-05T09:12:07.250Z"], { kind: "datetime", format: "%Y-%m-%dT%H:%M:%S.%fZ", strptime: true, builtIn: true, mismatched: 0 }],
    [["2026-10-05T09:12:07+03:00"], { kind: "datetime", format: "%Y-%m-%dT%H:%M:%S%z", strptime: true, builtIn: true, mismatched: 0 }],
    [["20261005", "20261231"], { kind: "date", format: "%Y%m%d", strptime: true, builtIn: true, mismatched: 0 }],
    [["2026/10/05"], { kind: "date", format: "%Y/%m/%d", strptime: true, builtIn: true, mismatched: 0 }],
    [["05.10.26"], { kind: "date", format: "%d.%m.%y", dayFirst: true, strptime: true, builtIn: false, mismatched: 0 }],
  ])("%j", (values, shape) => {
    expect(sniffDateTime(values)).toEqual(shape);
  });

  describe("month first (the UK Online Retail dataset)", () => {
    it("is proven by a second part above 12", () => {
      expect(sniffDateTime(["12/1/2010 8:26", "12/13/2010 10:03", "1/4/2011 16:15"])).toEqual({
        kind: "datetime",
        format: "%m/%d/%Y %H:%M",
        dayFirst: false,
        strptime: true,
        builtIn: false, // the warehouse's own reader would take 12/1/2010 as 12 January
        mismatched: 0,
      });
    });

    it("is guessed when only the second part varies, as in the dataset's first rows", () => {
      expect(sniffDateTime(["12/1/2010 8:26", "12/1/2010 8:28", "12/2/2010 9:01", "12/3/2010 11:30"])).toEqual({
        kind: "datetime",
        format: "%m/%d/%Y %H:%M",
        dayFirst: false,
        guessed: true,
        strptime: true,
        builtIn: false,
        mismatched: 0,
      });
    });

    it("reads 12-hour times with AM/PM", () => {
      expect(sniffDateTime(["12/13/2010 8:26 AM", "12/13/2010 12:05 PM"])).toMatchObject({ format: "%m/%d/%Y %I:%M %p", dayFirst: false, builtIn: false });
    });
  });

  it("takes day first when nothing decides, and says it guessed", () => {
    expect(sniffDateTime(["05/10/2026 09:12", "05/10/2026 09:40"])).toEqual({
      kind: "datetime",
      format: "%d/%m/%Y %H:%M",
      dayFirst: true,
      guessed: true,
      strptime: true,
      builtIn: true,
      mismatched: 0,
    });
    expect(sniffDateTime(["01/02/2026", "03/04/2026"])).toMatchObject({ format: "%d/%m/%Y", dayFirst: true, guessed: true });
    // only the first part varies: the day, as guessed anyway
    expect(sniffDateTime(["1/12/2010", "2/12/2010"])).toMatchObject({ format: "%d/%m/%Y", dayFirst: true, guessed: true });
  });

  it("gives up when both parts exceed 12 somewhere", () => {
    expect(sniffDateTime(["13/01/2026", "01/13/2026"])).toBeUndefined();
  });

  it.each([
    [["09:12", "18:40"], { kind: "time", format: "%H:%M", strptime: true, builtIn: true, mismatched: 0 }],
    [["9:05", "18:40"], { kind: "time", format: "%H:%M", strptime: true, builtIn: true, mismatched: 0 }],
    [["09:12:07"], { kind: "time", format: "%H:%M:%S", strptime: true, builtIn: true, mismatched: 0 }],
    // Dunnhumby's TRANS_TIME
    [["0931", "1631", "1642"], { kind: "time", format: "%H%M", strptime: true, builtIn: true, mismatched: 0 }],
    [["931", "1631", "1642"], { kind: "time", format: "%H%M", strptime: false, padTo: 4, builtIn: true, mismatched: 0 }],
  ])("times %j", (values, shape) => {
    expect(sniffDateTime(values)).toEqual(shape);
  });

  it("does not take small integers or minute parts above 59 for compact times", () => {
    expect(sniffDateTime(["1", "1", "2", "14"])).toBeUndefined(); // Dunnhumby's DAY
    expect(sniffDateTime(["165", "199", "1275", "301"])).toBeUndefined();
  });

  it("counts values of another shape, up to a fifth", () => {
    expect(sniffDateTime(["05.10.2026", "06.10.2026", "07.10.2026", "08.10.2026", "n/a", "?"])).toMatchObject({ format: "%d.%m.%Y", mismatched: 1 });
    expect(sniffDateTime(["05.10.2026", "06.10.2026", "?", "!"])).toBeUndefined();
  });

  it.each([[["31.02.2026"]], [["2026-13-01"]], [["25:00"]], [["абв"]], [["2450,00"]], [[]]])("is no date: %j", (values) => {
    expect(sniffDateTime(values)).toBeUndefined();
  });
});

describe("sniffBooleans", () => {
  it("lists the spellings, and whether the warehouse reads them without a value map", () => {
    expect(sniffBooleans(["Да", "Нет", "да", ""])).toEqual({ trueValues: ["Да", "да"], falseValues: ["Нет"], builtIn: true });
    expect(sniffBooleans(["1", "0"])).toEqual({ trueValues: ["1"], falseValues: ["0"], builtIn: true });
    expect(sniffBooleans(["Истина", "Ложь"])).toEqual({ trueValues: ["Истина"], falseValues: ["Ложь"], builtIn: false });
  });

  it("is undefined for anything else", () => {
    expect(sniffBooleans(["1", "2"])).toBeUndefined();
    expect(sniffBooleans(["Да", "может быть"])).toBeUndefined();
    expect(sniffBooleans([""])).toBeUndefined();
  });
});

describe("sniffValueSet", () => {
  it("counts the distinct values, commonest first, ties in order of appearance", () => {
    expect(sniffValueSet(["Продажа", "Возврат", " Продажа ", "", "Продажа", "Отмена"])).toEqual([
      { value: "Продажа", count: 3 },
      { value: "Возврат", count: 1 },
      { value: "Отмена", count: 1 },
    ]);
  });

  it("is undefined beyond maxDistinct", () => {
    expect(sniffValueSet(["a", "b", "c"], 2)).toBeUndefined();
    expect(sniffValueSet(Array.from({ length: 13 }, (_, i) => `v${i}`))).toBeUndefined();
    expect(sniffValueSet(Array.from({ length: 12 }, (_, i) => `v${i}`))).toHaveLength(12);
  });
});

describe("looksLikeCardNumbers", () => {
  it.each([
    [["2990000000017", "2990000000024"], true],
    [["0001234567", "1234567890"], true],
    [["000118", "000119"], true],
    [["17850", "13047"], false], // the UK dataset's CustomerID: short numbers
    [["2990000000017", "2,99E+12"], false],
    [["ABC123456789"], false],
    [[""], false],
  ])("%j → %s", (values, expected) => {
    expect(looksLikeCardNumbers(values)).toBe(expected);
  });
});

describe("operationMeaning", () => {
  it.each([
    ["Продажа", "sale"],
    ["ПРОДАЖА", "sale"],
    ["Приход", "sale"],
    ["Sale", "sale"],
    ["sales", "sale"],
    ["Возврат", "return"],
    ["Возврат продажи", "return"],
    ["Возврат прихода", "return"],
    ["Return", "return"],
    ["Refund", "return"],
    ["Cancel", "return"],
    ["Cancelled", "return"],
    ["Отмена", "return"],
    ["Отмена чека", "return"],
    ["Сторно", "return"],
    ["Продажа (наличные)", "sale"],
  ])("%j → %s", (value, meaning) => {
    expect(operationMeaning(value)).toBe(meaning);
  });

  it.each(["Отмена возврата", "Расход", "Внесение", "Оплата", "", "constructor"])("%j → undefined", (value) => {
    expect(operationMeaning(value)).toBeUndefined();
  });
});
