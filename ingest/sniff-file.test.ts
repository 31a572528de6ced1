import { describe, expect, it } from "vitest";
import iconv from "iconv-lite";
import { detectDelimiter, detectEncoding, looksLikeHeader, splitCsvLine } from "./sniff-file.js";

describe("sniffing a CSV", () => {
  it("picks the delimiter that splits every line alike", () => {
    expect(detectDelimiter(["a;b;c", "1;2,5;3", "4;5,5;6"])).toBe(";");
    expect(detectDelimiter(["a,b,c", "1,\"2;5\",3"])).toBe(",");
    expect(detectDelimiter(["a\tb", "1\t2"])).toBe("\t");
  });

  it("honours quotes, doubled quotes inside them", () => {
    expect(splitCsvLine('1;"a;b";"say ""hi"""', ";")).toEqual(["1", "a;b", 'say "hi"']);
  });

  it("knows a header by a known column name", () => {
    expect(looksLikeHeader(["Store_ID", "receipt id", "x"], ["store_id", "receipt_id"])).toBe(true);
    expect(looksLikeHeader(["S1", "R1", "01.10.2026"], ["store_id", "receipt_id"])).toBe(false);
  });

  it("tells Windows-1251 from UTF-8", () => {
    expect(detectEncoding(Buffer.from("Москва;Казань", "utf8"))).toBe("utf-8");
    expect(detectEncoding(iconv.encode("Москва;Казань;Екатеринбург", "win1251"))).toBe("windows-1251");
    expect(detectEncoding(Buffer.from("plain ascii", "utf8"))).toBe("utf-8");
  });
});

describe("encoding of short and cut samples", () => {
  it("keeps UTF-8 whose last character is cut by the sample boundary, and short UTF-8 files", () => {
    const utf8 = Buffer.from("Дата;Сумма\nМосква;1", "utf8");
    expect(detectEncoding(utf8)).toBe("utf-8");
    expect(detectEncoding(utf8.subarray(0, utf8.length - 2))).toBe("utf-8");
    expect(detectEncoding(Buffer.from("ёж", "utf8"))).toBe("utf-8");
  });
});
