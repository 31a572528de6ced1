/**
 * _truth.json: what the generator built in, for tests and notebooks to check the warehouse against:
 * the options, counts, the bad rows and the re-sent file ingest must catch, each campaign's true
 * effect, and the rules behind the data.
 */
import { writeFile } from "node:fs/promises";
import type { BadRow } from "./bad-rows.js";
import type { CampaignOutcome } from "./build-campaigns.js";
import type { ProfileHistoryTruth } from "./build-profile-history.js";
import type { PlantedProblem } from "./plant-problems.js";
import type { ChainContext } from "./chain-context.js";
import { ANONYMOUS, BONUS, LIFECYCLE, MESSAGE_COST, MESSAGE_RATES, PLANTED_PROBLEMS, PROFILE_HISTORY, RETURNS, SAMPLE_TIER_LEVELS } from "./sample-params.js";
import type { WrittenFile } from "./write-feed.js";

/** Names the generator in _truth.json, which is how a rerun recognises its own folder. */
export const GENERATOR = "loyalty-warehouse sample-chain";

export interface TruthInput {
  lines: boolean;
  files: WrittenFile[];
  resent: WrittenFile & { duplicates_of: string; from: string };
  badRows: BadRow[];
  campaigns: CampaignOutcome[];
  profileHistory: ProfileHistoryTruth;
  plantedProblems: PlantedProblem[];
}

export interface ChainCounts {
  stores: number;
  customers: number;
  customers_with_purchase: number;
  cards: number;
  receipts: number;
  sales: number;
  returns: number;
  anonymous_sales: number;
  anonymous_share: number;
  coupons_issued: number;
  coupons_redeemed: number;
  messages: number;
  /** Per channel: messages sent, delivered, opened, clicked and their cost. */
  messages_by_channel: Record<string, { sent: number; delivered: number; opened: number; clicked: number; cost: number }>;
  /** Per month: members (customers) with a sale on a card, and those of them who paid with points at least once. */
  bonus_use_by_month: { month: string; active_members: number; bonus_payers: number }[];
}

export async function countChain(ctx: ChainContext): Promise<ChainCounts> {
  const [c] = await ctx.wh.all<Omit<ChainCounts, "anonymous_share">>(`
    SELECT
      (SELECT count(*) FROM stores)::BIGINT AS stores,
      (SELECT count(*) FROM customers)::BIGINT AS customers,
      (SELECT count(DISTINCT cust) FROM receipts WHERE NOT is_return)::BIGINT AS customers_with_purchase,
      (SELECT count(*) + count(card2) FROM customers)::BIGINT AS cards,
      (SELECT count(*) FROM receipts)::BIGINT AS receipts,
      (SELECT count(*) FILTER (WHERE NOT is_return) FROM receipts)::BIGINT AS sales,
      (SELECT count(*) FILTER (WHERE is_return) FROM receipts)::BIGINT AS returns,
      (SELECT count(*) FILTER (WHERE NOT is_return AND card IS NULL) FROM receipts)::BIGINT AS anonymous_sales,
      (SELECT count(*) FROM coupons)::BIGINT AS coupons_issued,
      (SELECT count(*) FROM coupon_uses)::BIGINT AS coupons_redeemed,
      (SELECT count(*) FROM messages)::BIGINT AS messages`);
  const channels = await ctx.wh.all<{ channel: string; sent: number; delivered: number; opened: number; clicked: number; cost: number }>(`
    SELECT channel, count(*)::BIGINT AS sent, count(*) FILTER (WHERE delivered)::BIGINT AS delivered, count(opened_at)::BIGINT AS opened,
      count(clicked_at)::BIGINT AS clicked, sum(cost)::DOUBLE AS cost
    FROM messages GROUP BY channel ORDER BY channel`);
  const bonusUse = await ctx.wh.all<{ month: string; active_members: number; bonus_payers: number }>(`
    SELECT strftime(date_trunc('month', ts), '%Y-%m-%d') AS month, count(DISTINCT cust)::BIGINT AS active_members,
      count(DISTINCT cust) FILTER (WHERE spent > 0)::BIGINT AS bonus_payers
    FROM receipts WHERE NOT is_return AND card IS NOT NULL GROUP BY 1 ORDER BY 1`);
  return {
    ...c, anonymous_share: Math.round((c.anonymous_sales / c.sales) * 1e6) / 1e6,
    messages_by_channel: Object.fromEntries(channels.map(({ channel, ...counts }) => [channel, counts])),
    bonus_use_by_month: bonusUse,
  };
}

export async function writeTruthFile(path: string, ctx: ChainContext, counts: ChainCounts, t: TruthInput): Promise<void> {
  const rows = Object.fromEntries(t.files.map((f) => [f.name, f.rows]));
  const sum = (prefix: string) => t.files.filter((f) => f.name.startsWith(prefix)).reduce((a, f) => a + f.rows, 0);
  const truth = {
    generator: GENERATOR,
    options: {
      customers: ctx.customers, stores: ctx.stores, days: ctx.days, seed: ctx.seed,
      start_date: ctx.startDate, end_date: ctx.endDate, lines: t.lines,
    },
    counts: {
      ...counts,
      receipt_lines: t.lines ? sum("receipt_lines_") : null,
      bonus_ledger_entries: rows["bonus_ledger.jsonl"],
      campaign_members: rows["campaign_members.csv"],
      bad_rows: t.badRows.length,
    },
    files: t.files.map((f) => ({ name: f.name, rows: f.rows })),
    resent_file: {
      name: t.resent.name,
      duplicates_of: t.resent.duplicates_of,
      rows: t.resent.rows,
      from: t.resent.from,
      note: "every row repeats a row of duplicates_of byte for byte (same store_id + receipt_id, same content)",
    },
    bad_rows: t.badRows,
    campaigns: t.campaigns,
    profile_history: t.profileHistory,
    planted_problems: t.plantedProblems,
    conventions: {
      total: "sum of the receipt's line amounts; a line amount is round(quantity * price, 2) minus its discount",
      discount: "sum of the receipt's line discounts",
      returns: "is_return = 1, positive total = refunded amount, original_receipt_id = a sale of the same store and card",
      bonus_earned: "floor(total * tier percent / 100) plus the points of a coupon redeemed on the receipt",
      bonus_spent: "points paid on the receipt; never more than the card's balance",
      receipt_lines_month: "lines of a return are priced in the month of the original sale",
      anonymous: "a receipt without card_number",
      profile_history: "customers.csv has each profile as first sent (updated_at = registration); customers_updates.csv the profiles the platform changed since, as they are now (updated_at = the change)",
    },
    rules: {
      lifecycle: LIFECYCLE, profile_history: PROFILE_HISTORY, planted_problems: PLANTED_PROBLEMS, tier_levels: SAMPLE_TIER_LEVELS, anonymous: ANONYMOUS, bonus: BONUS, returns: RETURNS, message_cost: MESSAGE_COST,
      // delivered: P(delivered); opened: P(opened | delivered); clicked: P(clicked | opened)
      message_rates: MESSAGE_RATES,
    },
  };
  await writeFile(path, `${JSON.stringify(truth, null, 2)}\n`);
}
