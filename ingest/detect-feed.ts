import { basename } from "node:path";
import { FEED_NAMES, type FeedName } from "../src/db/schema.js";
import { InputFileError } from "../src/errors.js";

/**
 * File-name stems of each feed, most specific first (receipt lines before receipts), with the names
 * Russian POS and loyalty exports commonly use. A stem matches at the start of the name and must be
 * followed by `_`, `.`, a digit or the end: `receipts_2026-10.csv.gz`, `Чеки 01.10.2026.csv`.
 */
const STEMS: [FeedName, string][] = [
  ["sales-lines", "sales_?lines?|sales_?items?|продажи(_по_позициям)?|строки_продаж|позиции_продаж"],
  ["receipt-lines", "(receipt|check|cheque)s?_?(lines?|items?|positions?)|позиции(_чеков)?|строки(_чеков)?"],
  ["campaign-members", "campaign_?(members?|participants?|targets?)|участники(_акций)?"],
  ["bonus-ledger", "bonus(es)?(_ledger)?|points|ledger|бонусы|баллы"],
  ["receipts", "receipts?|checks?|cheques?|sales|transactions?|чеки"],
  ["cards", "cards?|карты"],
  ["children", "children|kids|дети"],
  ["customers", "customers?|clients?|profiles?|members?|клиенты|покупатели"],
  ["stores", "stores?|shops?|магазины"],
  ["products", "products?|skus?|goods|товары"],
  ["coupons", "coupons?|купоны"],
  ["campaigns", "campaigns?|promotions?|promos?|акции|кампании"],
  ["messages", "messages?|communications?|sends|mailings?|рассылки|сообщения"],
];

const PATTERNS = STEMS.map(([feed, stem]) => [feed, new RegExp(`^(${stem})(?=[_.\\d]|$)`)] as const);

/** Recognises the feed from a file name; undefined when the name says nothing we know. */
export function detectFeed(path: string): FeedName | undefined {
  const name = basename(path).toLowerCase().replace(/[-\s]+/g, "_");
  return PATTERNS.find(([, pattern]) => pattern.test(name))?.[0];
}

/** The feed of a file the user named explicitly: not knowing it is an error that says what to do. */
export function requireFeed(path: string): FeedName {
  const feed = detectFeed(path);
  if (!feed) {
    throw new InputFileError(
      basename(path),
      `cannot tell which feed this is from its name. Name it after the feed (e.g. receipts_2026-10.csv) or pass --feed <${FEED_NAMES.join("|")}>.`,
    );
  }
  return feed;
}
