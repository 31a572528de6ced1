/** What every build step needs: the open warehouse, the resolved options and the calendar. */
import type { Warehouse } from "../../src/db/warehouse.js";

export interface ChainMonth {
  /** `YYYY-MM`, used in file names. */
  label: string;
  /** year * 12 + month (1-based month), the same number SQL's `month_no()` macro gives. */
  no: number;
}

export interface ChainContext {
  wh: Warehouse;
  seed: number;
  customers: number;
  stores: number;
  days: number;
  /** ISO dates of the first and last day of the period. */
  startDate: string;
  endDate: string;
  months: ChainMonth[];
  progress: (step: string) => void;
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function monthsBetween(startDate: string, endDate: string): ChainMonth[] {
  const months: ChainMonth[] = [];
  let [y, m] = startDate.split("-").map(Number);
  const [endY, endM] = endDate.split("-").map(Number);
  while (y * 12 + m <= endY * 12 + endM) {
    months.push({ label: `${y}-${String(m).padStart(2, "0")}`, no: y * 12 + m });
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return months;
}
