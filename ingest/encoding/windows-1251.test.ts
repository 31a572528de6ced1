import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, gzipSync } from "node:zlib";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { MixedEncodingError, ScanState, Windows1251ToUtf8, detectMixedUtf8Line, transcodeChunk, windows1251CodePoint } from "./windows-1251.js";

const cp1251 = (text: string) => iconv.encode(text, "win1251");
const utf8 = (text: string) => Buffer.from(text, "utf8");

interface Transcoded {
  output: Buffer;
  lines: number;
  undefinedBytes: number;
}

/**
 * Streams the chunks through a Windows1251ToUtf8, each chunk `phase` bytes into an ArrayBuffer of
 * its own; gives the output chunks as they came.
 */
async function transcodeToPieces(chunks: Buffer[], phase = 0): Promise<{ pieces: Buffer[]; lines: number; undefinedBytes: number }> {
  const placed = chunks.map((c) => {
    const b = Buffer.alloc(c.length + phase).subarray(phase);
    c.copy(b);
    return b;
  });
  const transcoder = new Windows1251ToUtf8();
  const pieces: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      pieces.push(chunk);
      done();
    },
  });
  await pipeline(Readable.from(placed), transcoder, sink);
  return { pieces, lines: transcoder.lines, undefinedBytes: transcoder.undefinedBytes };
}

async function transcode(chunks: Buffer[], phase = 0): Promise<Transcoded> {
  const { pieces, lines, undefinedBytes } = await transcodeToPieces(chunks, phase);
  return { output: Buffer.concat(pieces), lines, undefinedBytes };
}

/** The error a transcoding fails with (the test fails if it does not). */
async function mixedEncodingError(chunks: Buffer[], phase = 0): Promise<MixedEncodingError> {
  const error = await transcode(chunks, phase).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(MixedEncodingError);
  return error as MixedEncodingError;
}

const splitAt = (bytes: Buffer, at: number) => [bytes.subarray(0, at), bytes.subarray(at)];

describe("the Windows-1251 table", () => {
  it("decodes each of the 256 bytes as iconv-lite does", async () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, b) => b));
    for (let b = 0; b < 256; b++) {
      const expected = utf8(iconv.decode(Buffer.from([b]), "win1251"));
      const { output } = await transcode([Buffer.from([b])]);
      expect(output, `byte 0x${b.toString(16)}`).toEqual(expected);
      expect(windows1251CodePoint(b)).toBe(iconv.decode(Buffer.from([b]), "win1251").codePointAt(0));
    }
    const { output, undefinedBytes } = await transcode([all]);
    expect(output).toEqual(utf8(iconv.decode(all, "win1251")));
    expect(output.length).toBe(128 + 2 * 109 + 3 * 19); // ASCII, 2-byte and 3-byte characters
    expect(undefinedBytes).toBe(1);
  });

  it("writes undefined 0x98 as U+FFFD and counts it, also right after 'Р' (0xD0)", async () => {
    const { output, undefinedBytes } = await transcode([Buffer.from([0x41, 0x98, 0x0a, 0xd0, 0x98, 0x98])]);
    expect(output).toEqual(Buffer.from([0x41, 0xef, 0xbf, 0xbd, 0x0a, 0xd0, 0xa0, 0xef, 0xbf, 0xbd, 0xef, 0xbf, 0xbd]));
    expect(undefinedBytes).toBe(3);
  });
});

describe("transcoding a Russian CSV", () => {
  const text = "Магазин;Касса;Номер чека;Дата;Сумма;№ карты\r\n0001;2;118;05.10.2026;2\u00a0450,00;№ 7781\r\n";
  const input = cp1251(text);

  it("gives the UTF-8 bytes exactly, line endings kept", async () => {
    expect(input.length).toBe(84);
    expect(input.indexOf(0xa0)).toBe(68); // the non-breaking space before 450,00
    expect(input.indexOf(0xb9)).toBe(36); // "№"
    const { output, lines, undefinedBytes } = await transcode([input]);
    expect(output).toEqual(utf8(text));
    expect(output.length).toBe(124);
    expect(output.subarray(105, 107)).toEqual(Buffer.from([0xc2, 0xa0]));
    expect(output.subarray(66, 69)).toEqual(Buffer.from([0xe2, 0x84, 0x96]));
    expect([lines, undefinedBytes]).toEqual([2, 0]);
  });

  it("gives the same bytes however the input is cut, inside a CRLF too, and at any alignment", async () => {
    const crlf = input.indexOf("\r\n");
    for (let at = 0; at <= input.length; at++) {
      for (let phase = 0; phase < 4; phase++) {
        const result = await transcode(splitAt(input, at), phase);
        expect(result, `cut at ${at}, phase ${phase}`).toEqual({ output: utf8(text), lines: 2, undefinedBytes: 0 });
      }
    }
    expect(await transcode(splitAt(input, crlf + 1))).toEqual({ output: utf8(text), lines: 2, undefinedBytes: 0 });
    const bytes = [...input].map((b) => Buffer.from([b]));
    expect(await transcode(bytes)).toEqual({ output: utf8(text), lines: 2, undefinedBytes: 0 });
  });

  it("matches iconv-lite on 3.4 MB of generated lines, every byte value among them", async () => {
    const alphabet = iconv.decode(Buffer.from(Array.from({ length: 256 }, (_, b) => b).filter((b) => b !== 0x0a && b !== 0x98)), "win1251");
    const lines = Array.from({ length: 50_000 }, (_, i) => `${i};${alphabet.slice(i % 200, (i % 200) + 40)};Пятёрочка №${i % 97};${i % 1000},50\r\n`);
    const input = cp1251(lines.join(""));
    expect(input.length).toBe(3_428_230);
    // Chunks of 64 KiB and of 1 MB by turns: the output fills more than one 4 MiB slab.
    const chunks: Buffer[] = [];
    for (let at = 0; at < input.length; ) {
      const size = chunks.length % 2 === 0 ? 65_537 : 1_000_003;
      chunks.push(input.subarray(at, at + size));
      at += size;
    }
    const { pieces, lines: counted } = await transcodeToPieces(chunks);
    expect(Buffer.concat(pieces).equals(utf8(iconv.decode(input, "win1251")))).toBe(true);
    expect(counted).toBe(50_000);
    // Output leaves in pieces of 512 KiB or more, a shorter one only where a 4 MiB slab is full.
    expect(pieces.map((p) => p.length)).toEqual([1_582_472, 98_120, 1_480_266, 96_069, 1_482_516, 343_787]);
  });

  it("makes room for the worst case, 3 bytes out for every byte in", async () => {
    const ellipses = Buffer.alloc(1_000_000, 0x85); // "…", E2 80 A6
    const { output } = await transcode([ellipses, ellipses, ellipses, Buffer.from("\n")]);
    expect(output.length).toBe(9_000_001);
    expect(output.equals(Buffer.concat([Buffer.from("…".repeat(3_000_000), "utf8"), Buffer.from("\n")]))).toBe(true);
  });

  it("reads gzip-compressed input through createGunzip() piped before it", async () => {
    const parts: Buffer[] = [];
    const transcoder = new Windows1251ToUtf8();
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        parts.push(chunk);
        done();
      },
    });
    await pipeline(Readable.from([gzipSync(Buffer.concat([input, input]))]), createGunzip(), transcoder, sink);
    expect(Buffer.concat(parts)).toEqual(utf8(text + text));
    expect(transcoder.lines).toBe(4);
  });
});

describe("counting lines", () => {
  it.each([
    ["", 0],
    ["\n", 1],
    ["a", 1],
    ["a\nb\n", 2],
    ["a\nb", 2],
    ["a\r\nb\r\n", 2],
    ["a\r\nb", 2],
    ["a\r\n\r\nb\r\n", 3],
  ])("%j has %i lines", async (text, lines) => {
    const result = await transcode([Buffer.from(text, "latin1")]);
    expect(result.lines).toBe(lines);
    expect(result.output).toEqual(Buffer.from(text, "latin1"));
  });
});

describe("a file that mixes UTF-8 and Windows-1251 lines", () => {
  const lines = ["Фамилия Имя;Город\r\n", "Петров Пётр;Москва\r\n", "Иванов Иван;Казань\r\n", "Сидорова Анна;Тверь\r\n"];
  const mixed = Buffer.concat([cp1251(lines[0]), cp1251(lines[1]), utf8(lines[2]), cp1251(lines[3])]);

  it("fails on the first UTF-8 line, naming it and showing it", async () => {
    const error = await mixedEncodingError([mixed]);
    expect(error.line).toBe(3);
    expect(error.sample).toBe("Иванов Иван;Казань");
    expect(error.message).toBe("line 3 is UTF-8 while the file is Windows-1251 (Иванов Иван;Казань): a file must use one encoding");
  });

  it("fails the same however the input is cut, between the two bytes of a UTF-8 letter too", async () => {
    const insideLetter = mixed.indexOf(utf8("Иванов")) + 1;
    expect([mixed[insideLetter - 1], mixed[insideLetter]]).toEqual([0xd0, 0x98]);
    for (let at = 0; at <= mixed.length; at++) {
      const error = await mixedEncodingError(splitAt(mixed, at), at % 4);
      expect([error.line, error.sample], `cut at ${at}`).toEqual([3, "Иванов Иван;Казань"]);
    }
    const error = await mixedEncodingError([...mixed].map((b) => Buffer.from([b])));
    expect([error.line, error.sample]).toEqual([3, "Иванов Иван;Казань"]);
  });

  it("fails on a UTF-8 last line without a line break", async () => {
    const error = await mixedEncodingError([cp1251("Петров Пётр\n"), utf8("Иванов Иван")]);
    expect([error.line, error.sample]).toEqual([2, "Иванов Иван"]);
  });

  it("shows at most 80 characters of a long UTF-8 line", async () => {
    const long = `${"Иванов Иван; ".repeat(20)}\n`;
    const error = await mixedEncodingError([cp1251("Петров\n"), utf8(long)]);
    expect(error.sample).toBe(long.slice(0, 80));
  });

  it("takes a Windows-1251 line with one 'Р°' (UTF-8 'а') for what it is", async () => {
    const text = "ОБРАЗЕЦ ТОВАР°;хранить при 4°\r\n";
    const input = cp1251(text);
    expect(input.includes(Buffer.from([0xd0, 0xb0]))).toBe(true);
    expect((await transcode([input])).output).toEqual(utf8(text));
  });

  it("takes a Windows-1251 line with two such pairs among many letters for what it is", async () => {
    const text = "ООО «ТАНДЕР»;ООО «ВЕКТОР»;1\r\n"; // "Р»" twice: UTF-8 "л"
    const { output, lines } = await transcode([cp1251(text)]);
    expect(output).toEqual(utf8(text));
    expect(lines).toBe(1);
  });
});

describe("detectMixedUtf8Line", () => {
  it.each([
    ["UTF-8 Cyrillic", utf8("Иванов Иван;Казань"), true],
    ["UTF-8 with « » and №", utf8("ООО «Ромашка» № 5"), true],
    ["two UTF-8 letters", utf8("Да"), true],
    ["one UTF-8 letter", utf8("Я"), false],
    ["Windows-1251", cp1251("Иванов Иван;Казань"), false],
    ["Windows-1251 with two pairs", cp1251("ООО «ТАНДЕР»;ООО «ВЕКТОР»"), false],
    ["ASCII", utf8("0001;2;118"), false],
  ])("%s: %s", (_name, line, expected) => {
    expect(detectMixedUtf8Line(line)).toBe(expected);
  });
});

describe("transcodeChunk", () => {
  /** Runs one line (no line break) through transcodeChunk, `phase` bytes into its ArrayBuffer. */
  function scan(line: Buffer, phase: number): ScanState {
    const src = Buffer.alloc(line.length + phase).subarray(phase);
    line.copy(src);
    const state = new ScanState();
    const out = new Uint8Array(3 * line.length);
    const length = transcodeChunk(src, out, state);
    expect(Buffer.from(out.subarray(0, length))).toEqual(utf8(iconv.decode(line, "win1251")));
    return state;
  }

  it("counts UTF-8 letters and bytes ≥ 0xC0 exactly at any alignment, words taken whole or not", () => {
    for (let phase = 0; phase < 4; phase++) {
      for (const pad of ["", "a", "ab", "abc"]) {
        expect(scan(Buffer.concat([utf8(pad), utf8("Иван Ёж")]), phase), `${phase} ${pad}`).toMatchObject({ pairs: 6, high: 6 });
        expect(scan(cp1251(`${pad}ПРИВЕТ МИР ТОВАР°С ДОМОМ`), phase), `${phase} ${pad}`).toMatchObject({ pairs: 1, high: 20 });
      }
    }
  });

  it("counts a UTF-8 pair cut by the chunk boundary, at any alignment", () => {
    for (let phase = 0; phase < 4; phase++) {
      const state = new ScanState();
      const out = new Uint8Array(3 * 16);
      transcodeChunk(cp1251("ТОВАР"), out, state);
      const second = Buffer.alloc(16 + phase).subarray(phase, phase + 11);
      cp1251("°С ДОМОМ 12").copy(second);
      transcodeChunk(second, out, state);
      expect(state, `phase ${phase}`).toMatchObject({ pairs: 1, high: 11, lastByte: 0x32 });
    }
  });

  it("reports the counts and where the last line starts", () => {
    const state = new ScanState();
    const out = new Uint8Array(3 * 16);
    const length = transcodeChunk(cp1251("ab\r\nРё\nЖ"), out, state);
    expect(Buffer.from(out.subarray(0, length))).toEqual(utf8("ab\r\nРё\nЖ"));
    expect(state).toMatchObject({ newlines: 2, lineStart: 7, pairs: 0, high: 1, lastByte: 0xc6, mixedLineEnd: -1 });
  });
});
