import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { rowsToArrowIpc } from "./arrow-rows.js";

const back = (ipc: Uint8Array) => tableFromIPC(ipc).toArray().map((r) => r.toJSON());

describe("report rows as Arrow IPC", () => {
  it("come back as the same rows, with a column of nulls only kept", () => {
    const rows = [
      { store: "Тверская, 1", period_start: "2026-10-01", revenue: 1234567.5, share: 0.125, ranked: true, rank: null },
      { store: "Ленина, 5", period_start: "2026-10-01", revenue: null, share: 0, ranked: false, rank: null },
    ];
    expect(back(rowsToArrowIpc(rows))).toEqual(rows);
  });

  it("give the same bytes for the same rows (the site's files are compared by content)", () => {
    const rows = [{ a: "x", b: 1 }, { a: "y", b: 2 }];
    expect(Buffer.from(rowsToArrowIpc(rows)).equals(Buffer.from(rowsToArrowIpc(rows)))).toBe(true);
  });

  it("write an empty table for no rows", () => {
    expect(back(rowsToArrowIpc([]))).toEqual([]);
  });

  it("refuse a column that mixes types rather than guess", () => {
    expect(() => rowsToArrowIpc([{ a: 1 }, { a: "1" }])).toThrow(/a column mixes number and string/);
  });
});
