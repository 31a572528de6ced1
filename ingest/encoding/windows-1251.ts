/**
 * Streaming Windows-1251 → UTF-8 transcoding by lookup table, with a guard against files that mix
 * encodings: a line that is in fact UTF-8 Cyrillic stops the stream, where a decoder would quietly
 * turn it into mojibake ("РњРѕСЃРєРІР°") in the warehouse.
 *
 * Bytes < 0x80 are the same in both encodings and are copied as they are; line endings are kept.
 */
import { Transform, type TransformCallback } from "node:stream";

/** Code points of bytes 0x80–0xFF. 0x98 is undefined in Windows-1251: U+FFFD, as iconv-lite does. */
// prettier-ignore
const HIGH_HALF: readonly number[] = [
  0x0402, 0x0403, 0x201a, 0x0453, 0x201e, 0x2026, 0x2020, 0x2021, 0x20ac, 0x2030, 0x0409, 0x2039, 0x040a, 0x040c, 0x040b, 0x040f,
  0x0452, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0xfffd, 0x2122, 0x0459, 0x203a, 0x045a, 0x045c, 0x045b, 0x045f,
  0x00a0, 0x040e, 0x045e, 0x0408, 0x00a4, 0x0490, 0x00a6, 0x00a7, 0x0401, 0x00a9, 0x0404, 0x00ab, 0x00ac, 0x00ad, 0x00ae, 0x0407,
  0x00b0, 0x00b1, 0x0406, 0x0456, 0x0491, 0x00b5, 0x00b6, 0x00b7, 0x0451, 0x2116, 0x0454, 0x00bb, 0x0458, 0x0405, 0x0455, 0x0457,
  // 0xC0–0xFF: А–я, in order
  ...Array.from({ length: 64 }, (_, k) => 0x0410 + k),
];

export const UNDEFINED_BYTE = 0x98;

/** The Unicode character a Windows-1251 byte stands for. */
export function windows1251CodePoint(byte: number): number {
  return byte < 0x80 ? byte : HIGH_HALF[byte - 0x80];
}

/** UTF-8 of every byte, 3 slots a byte (every character here is in the BMP), and its length. */
const UTF8_BYTES = new Uint8Array(256 * 3);
const UTF8_LENGTH = new Uint8Array(256);
for (let byte = 0; byte < 256; byte++) {
  const utf8 = Buffer.from(String.fromCodePoint(windows1251CodePoint(byte)), "utf8");
  UTF8_BYTES.set(utf8, byte * 3);
  UTF8_LENGTH[byte] = utf8.length;
}

/**
 * UTF-8 of every 2-byte sequence of characters that take 1 or 2 bytes in UTF-8 (all but the 19
 * of 3 bytes, like "№" and "…", and 0x98), indexed by the two bytes as a little-endian 16-bit
 * number: up to 4 bytes packed little-endian into one 32-bit number; and in PAIR_INFO, their
 * length (bits 0–2) and how many of the two bytes are ≥ 0xC0 (bits 3–4), or 0 for the sequences
 * left out. 320 KB, for half a word in one look-up.
 */
const PAIR_UTF8 = new Uint32Array(65536);
const PAIR_INFO = new Uint8Array(65536);
for (let first = 0; first < 256; first++) {
  for (let second = 0; second < 256; second++) {
    if (UTF8_LENGTH[first] > 2 || UTF8_LENGTH[second] > 2) continue;
    const utf8 = Buffer.from(String.fromCodePoint(windows1251CodePoint(first), windows1251CodePoint(second)), "utf8");
    const key = first | (second << 8);
    PAIR_UTF8[key] = utf8.reduce((packed, byte, k) => packed + byte * 2 ** (8 * k), 0);
    PAIR_INFO[key] = utf8.length | ((Number(first >= 0xc0) + Number(second >= 0xc0)) << 3);
  }
}

/** Words are read 4 bytes at a time in the platform's byte order; the shortcuts assume little-endian. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * UTF-8 Cyrillic letters as byte pairs: D0 90–BF (А–п), D1 80–8F (р–я), D0 81 (Ё), D1 91 (ё).
 * Indexed by (lead & 1) << 8 | next, the lead being 0xD0 or 0xD1 ("Р" and "С" in Windows-1251).
 */
const CYRILLIC_PAIR = new Uint8Array(512);
for (let next = 0x90; next <= 0xbf; next++) CYRILLIC_PAIR[next] = 1;
for (let next = 0x80; next <= 0x8f; next++) CYRILLIC_PAIR[0x100 | next] = 1;
CYRILLIC_PAIR[0x81] = 1;
CYRILLIC_PAIR[0x100 | 0x91] = 1;

/** Whether two bytes are one Cyrillic letter in UTF-8. */
export function isUtf8CyrillicPair(lead: number, next: number): boolean {
  return (lead & 0xfe) === 0xd0 && CYRILLIC_PAIR[((lead & 1) << 8) | next] === 1;
}

/**
 * The verdict on one line from two counts: `pairs`, its UTF-8 Cyrillic letters (see above), and
 * `high`, its bytes ≥ 0xC0 (the lead bytes of those pairs among them). Besides the leads of its
 * letters, UTF-8 text has few such bytes (leads of « » № €); in Windows-1251 text they are its
 * Cyrillic letters. Two pairs alone would mislead: "ООО «ТАНДЕР»; ООО «ВЕКТОР»" in Windows-1251
 * holds two ("Р»" reads as UTF-8 "л"), among 18 letters.
 */
export function isUtf8Verdict(pairs: number, high: number): boolean {
  return pairs >= 2 && pairs > high - pairs;
}

/** Whether one line (without its line break) is UTF-8 Cyrillic rather than Windows-1251. */
export function detectMixedUtf8Line(line: Uint8Array): boolean {
  let pairs = 0;
  let high = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] >= 0xc0) high++;
    else if (i > 0 && isUtf8CyrillicPair(line[i - 1], line[i])) pairs++;
  }
  return isUtf8Verdict(pairs, high);
}

export class MixedEncodingError extends Error {
  constructor(
    /** 1-based physical line number. */
    readonly line: number,
    /** The line decoded as UTF-8, at most 80 characters. */
    readonly sample: string,
  ) {
    super(`line ${line} is UTF-8 while the file is Windows-1251 (${sample}): a file must use one encoding`);
    this.name = "MixedEncodingError";
  }
}

const SAMPLE_CHARS = 80;
/** Enough bytes for 80 characters of any encoding (UTF-8 takes at most 4 bytes a character). */
const SAMPLE_BYTES = SAMPLE_CHARS * 4;

/** Decodes the start of a line as UTF-8 for an error message: no line break, 80 characters at most. */
export function lineSample(bytes: Uint8Array): string {
  const text = new TextDecoder("utf-8").decode(bytes.subarray(0, SAMPLE_BYTES)).replace(/[\r\n]+$/, "");
  return Array.from(text).slice(0, SAMPLE_CHARS).join("");
}

/** What one pass over a chunk carries over from the previous one, and reports back. */
export class ScanState {
  /** Counts of the current line so far (see isUtf8Verdict). */
  pairs = 0;
  high = 0;
  /** The byte before the chunk: a UTF-8 pair may straddle the boundary. A file starts after a "\n". */
  lastByte = 0x0a;
  /** Out: "\n" bytes and 0x98 bytes in the chunk, and where its last line starts. */
  newlines = 0;
  undefinedBytes = 0;
  lineStart = 0;
  /** Out: where the first line that is UTF-8 ends (after its "\n"), or -1. */
  mixedLineEnd = -1;
}

/**
 * Transcodes one chunk into `out`, which has room for 3 bytes an input byte, and returns the
 * output length. Stops after the first line that is UTF-8, setting state.mixedLineEnd.
 *
 * Aligned 4-byte words without "\n" take shortcuts: 4 ASCII bytes are copied as one word; other
 * words of 1- and 2-byte characters where no byte 0x80–0xBF follows a 0xD0/0xD1 (so no UTF-8
 * letter) are written half a word at a time from PAIR_UTF8. The rest go byte by byte. A
 * function of its own, apart from the stream class: V8 optimises a small hot function whole.
 */
export function transcodeChunk(src: Uint8Array, out: Uint8Array, state: ScanState): number {
  // Module-level constants as locals: V8 would check each access for the temporal dead zone.
  const utf8Bytes = UTF8_BYTES;
  const utf8Length = UTF8_LENGTH;
  const pairUtf8 = PAIR_UTF8;
  const pairInfo = PAIR_INFO;
  const cyrillicPair = CYRILLIC_PAIR;
  const n = src.length;
  const phase = src.byteOffset & 3; // bytes from the aligned word start to the chunk
  const words = new Uint32Array(src.buffer, src.byteOffset - phase, LITTLE_ENDIAN ? (n + phase) >> 2 : 0);
  const wordCount = words.length;
  const view = new DataView(out.buffer, out.byteOffset, out.length);
  let prev = state.lastByte;
  let pairs = state.pairs;
  let high = state.high;
  let newlines = 0;
  let undefinedBytes = 0;
  let lineStart = 0;
  let o = 0;
  let i = 0;
  state.mixedLineEnd = -1;
  scan: while (i < n) {
    if (((i + phase) & 3) === 0) {
      const first = (i + phase) >> 2;
      let w = first;
      for (; w < wordCount; w++) {
        const word = words[w];
        const x = word ^ 0x0a0a0a0a; // a zero byte here is a "\n" (the classic exact has-zero test)
        if (((x - 0x01010101) & ~x & 0x80808080) !== 0) break;
        const top = word & 0x80808080;
        if (top === 0) {
          view.setUint32(o, word, true);
          o += 4;
          continue;
        }
        const middle = top & ~(word << 1); // bytes 0x80–0xBF: bit 7 without bit 6
        if (middle !== 0) {
          // Each byte's predecessor is 0xD0/0xD1 where a byte of y is 0: a UTF-8 pair, maybe.
          const before = w === first ? prev : words[w - 1] >>> 24;
          const y = (((word << 8) | before) & 0xfefefefe) ^ 0xd0d0d0d0;
          if ((middle & ~(((y & 0x7f7f7f7f) + 0x7f7f7f7f) | y | 0x7f7f7f7f)) !== 0) break;
        }
        const low = word & 0xffff;
        const upper = word >>> 16;
        const lowInfo = pairInfo[low];
        const upperInfo = pairInfo[upper];
        if (lowInfo === 0 || upperInfo === 0) break; // a 3-byte character
        view.setUint32(o, pairUtf8[low], true);
        o += lowInfo & 7;
        view.setUint32(o, pairUtf8[upper], true);
        o += upperInfo & 7;
        high += (lowInfo >> 3) + (upperInfo >> 3);
      }
      i = (w << 2) - phase;
      if (i >= n) break;
      if (i > 0) prev = src[i - 1];
    }
    // Byte by byte up to the next word boundary.
    const stop = Math.min(n, ((i + phase + 4) & ~3) - phase);
    for (; i < stop; i++) {
      const b = src[i];
      if (b < 0x80) {
        out[o++] = b;
        if (b === 0x0a) {
          if (pairs >= 2 && isUtf8Verdict(pairs, high)) {
            state.mixedLineEnd = i + 1;
            break scan;
          }
          newlines++;
          pairs = 0;
          high = 0;
          lineStart = i + 1;
        }
      } else {
        if (b >= 0xc0) high++;
        else {
          if ((prev & 0xfe) === 0xd0 && cyrillicPair[((prev & 1) << 8) | b] === 1) pairs++;
          if (b === 0x98) undefinedBytes++; // UNDEFINED_BYTE
        }
        // Always 3 bytes written, the length added: `out` has room for it.
        const t = b * 3;
        out[o] = utf8Bytes[t];
        out[o + 1] = utf8Bytes[t + 1];
        out[o + 2] = utf8Bytes[t + 2];
        o += utf8Length[b];
      }
      prev = b;
    }
  }
  state.pairs = pairs;
  state.high = high;
  state.lastByte = n > 0 ? src[n - 1] : state.lastByte;
  state.newlines = newlines;
  state.undefinedBytes = undefinedBytes;
  state.lineStart = lineStart;
  return o;
}

/** Output is written into slabs of this size and leaves as pieces of them, as Node's Buffer pool does. */
const SLAB_BYTES = 4 * 1024 * 1024;
/**
 * Output leaves in pieces of at least this size: each piece costs a write request downstream (a
 * trip through libuv's thread pool), and consecutive chunks lie side by side in a slab anyway.
 */
const PIECE_BYTES = 512 * 1024;

/**
 * The transform. Each chunk is transcoded into the free end of a slab with room for the worst
 * case (3 bytes an input byte); the written part leaves as it lies, without a copy, once enough
 * has gathered. A slab is never written twice; it is freed when downstream is done with every
 * piece of it.
 */
export class Windows1251ToUtf8 extends Transform {
  private slab = Buffer.allocUnsafeSlow(0);
  /** Slab bytes written, and where those not yet pushed start. */
  private slabUsed = 0;
  private slabPushed = 0;
  private readonly state = new ScanState();
  private lineCount = 0;
  private undefinedCount = 0;
  /** The first bytes of the current line from earlier chunks, for the error sample. */
  private readonly lineHead = Buffer.alloc(SAMPLE_BYTES);
  private lineHeadLength = 0;

  constructor() {
    // Room for a piece or two on the way out, so that transcoding goes on while one is written,
    // and for input chunks waiting their turn, so that the source is not paused meanwhile.
    super({ readableHighWaterMark: 2 * PIECE_BYTES, writableHighWaterMark: 4 * 1024 * 1024 });
  }

  /** Physical lines seen: "\n" bytes, plus a last line without one. */
  get lines(): number {
    return this.lineCount + (this.state.lastByte === 0x0a ? 0 : 1);
  }

  /** Bytes 0x98 (undefined in Windows-1251), each written as U+FFFD. */
  get undefinedBytes(): number {
    return this.undefinedCount;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    // The work waits for the check phase of the event loop: by then the source has asked for its
    // next chunk, and reading that (in libuv's thread pool) overlaps with transcoding this one.
    setImmediate(() => {
      if (!this.destroyed) this.transcode(chunk, done);
    });
  }

  private transcode(chunk: Buffer, done: TransformCallback): void {
    if (chunk.length === 0) return done();
    this.reserve(chunk.length * 3);
    const state = this.state;
    const length = transcodeChunk(chunk, this.slab.subarray(this.slabUsed), state);
    if (state.mixedLineEnd >= 0) return done(this.mixedLineError(chunk, state));
    this.slabUsed += length;
    this.lineCount += state.newlines;
    this.undefinedCount += state.undefinedBytes;
    this.keepLineHead(chunk, state.lineStart, state.newlines > 0);
    if (this.slabUsed - this.slabPushed >= PIECE_BYTES) this.pushPiece();
    done();
  }

  override _flush(done: TransformCallback): void {
    const { state } = this;
    if (state.lastByte !== 0x0a && isUtf8Verdict(state.pairs, state.high)) {
      return done(new MixedEncodingError(this.lineCount + 1, lineSample(this.lineHead.subarray(0, this.lineHeadLength))));
    }
    this.pushPiece();
    done();
  }

  /** Makes room for `bytes` at the free end of the slab: a new slab when the free end is too short. */
  private reserve(bytes: number): void {
    if (this.slab.length - this.slabUsed >= bytes) return;
    this.pushPiece();
    this.slab = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, bytes));
    this.slabUsed = 0;
    this.slabPushed = 0;
  }

  private pushPiece(): void {
    if (this.slabUsed === this.slabPushed) return;
    this.push(this.slab.subarray(this.slabPushed, this.slabUsed));
    this.slabPushed = this.slabUsed;
  }

  /** Keeps the start of the unfinished last line, for a sample should it turn out to be UTF-8. */
  private keepLineHead(src: Buffer, lineStart: number, newLine: boolean): void {
    if (newLine) this.lineHeadLength = 0;
    const room = SAMPLE_BYTES - this.lineHeadLength;
    if (room <= 0) return;
    this.lineHeadLength += src.copy(this.lineHead, this.lineHeadLength, lineStart, Math.min(src.length, lineStart + room));
  }

  /** The error for the line transcodeChunk stopped at. */
  private mixedLineError(src: Buffer, state: ScanState): MixedEncodingError {
    const head = state.newlines === 0 ? this.lineHead.subarray(0, this.lineHeadLength) : Buffer.alloc(0);
    const end = Math.min(state.mixedLineEnd, state.lineStart + SAMPLE_BYTES);
    const bytes = Buffer.concat([head, src.subarray(state.lineStart, end)]);
    return new MixedEncodingError(this.lineCount + state.newlines + 1, lineSample(bytes));
  }
}
