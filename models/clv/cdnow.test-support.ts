/** Test support: the CDNOW 1/10th sample (Fader, Hardie & Lee 2005), kept in test/fixtures/cdnow. */
import { readFileSync } from "node:fs";
import { CDNOW_LOG, CDNOW_SUMMARY } from "../../test/fixtures/cdnow/cdnow-files.js";

export interface CdnowCustomer {
  id: number;
  /** Repeat transactions in the 39-week calibration period. */
  x: number;
  /** Weeks from first purchase to last repeat purchase. */
  tx: number;
  /** Weeks from first purchase to the end of calibration (1997-09-30). */
  T: number;
  /** Average value of the repeat transactions (0 when x = 0). */
  zbar: number;
}

export function readCdnowSummary(): CdnowCustomer[] {
  const [header, ...lines] = readFileSync(CDNOW_SUMMARY, "utf8").trim().split("\n");
  if (header.trim() !== "ID,x,t_x,T,zbar") throw new Error(`unexpected CDNOW summary header: ${header}`);
  return lines.map((line) => {
    const [id, x, tx, T, zbar] = line.split(",").map(Number);
    return { id, x, tx, T, zbar };
  });
}

/**
 * Repeat transactions per customer id in the 39-week holdout (1997-10-01 to 1998-06-30), from the
 * purchase log; several purchases by one customer on one day count as one transaction, as in the paper.
 */
export function readCdnowHoldoutPurchases(): Map<number, number> {
  const days = new Set<string>();
  for (const line of readFileSync(CDNOW_LOG, "utf8").trim().split("\n")) {
    const [, id, date] = line.trim().split(/\s+/);
    if (date >= "19971001" && date <= "19980630") days.add(`${Number(id)} ${date}`);
  }
  const purchases = new Map<number, number>();
  for (const key of days) {
    const id = Number(key.split(" ")[0]);
    purchases.set(id, (purchases.get(id) ?? 0) + 1);
  }
  return purchases;
}
