/**
 * The personal data of the shared sample chain, read from its feeds, for the tests that check none of
 * it is published: the customers' names, phones, e-mails and birth dates, and the cards' numbers.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";

export interface SamplePersonalData {
  customers: Record<string, string>[];
  cards: Record<string, string>[];
  firstNames: Set<string>;
  lastNames: Set<string>;
  /** As the warehouse stores them: E.164 (+7XXXXXXXXXX). */
  phones: Set<string>;
  emails: Set<string>;
  /** Birth dates before 2010 (no date of the chain's own activity is that early), ISO and as the feed writes them. */
  birthDates: Set<string>;
}

/** Rows of a `;`-separated Windows-1251 feed of the sample chain, as objects. */
export function feed(chainDir: string, name: string): Record<string, string>[] {
  const [header, ...lines] = iconv.decode(readFileSync(join(chainDir, name)), "win1251").split(/\r?\n/).filter(Boolean);
  const columns = header.split(";");
  return lines.map((line) => Object.fromEntries(line.split(";").map((v, i) => [columns[i], v])));
}

export function samplePersonalData(chainDir: string): SamplePersonalData {
  const customers = feed(chainDir, "customers.csv");
  const e164 = (phone: string) => {
    const digits = phone.replace(/\D/g, "");
    return digits.length === 11 ? `+7${digits.slice(1)}` : digits.length === 10 ? `+7${digits}` : "";
  };
  const early = customers.map((c) => c.birth_date).filter((d) => /^\d\d\.\d\d\.(19\d\d|200\d)$/.test(d));
  return {
    customers,
    cards: feed(chainDir, "cards.csv"),
    firstNames: new Set(customers.map((c) => c.first_name).filter(Boolean)),
    lastNames: new Set(customers.map((c) => c.last_name).filter(Boolean)),
    phones: new Set(customers.map((c) => e164(c.phone)).filter(Boolean)),
    emails: new Set(customers.map((c) => c.email.toLowerCase()).filter(Boolean)),
    birthDates: new Set([...early, ...early.map((d) => d.split(".").reverse().join("-"))]),
  };
}
