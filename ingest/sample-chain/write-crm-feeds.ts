/**
 * CRM and loyalty-platform feeds: campaigns and sends as JSON lines (ISO timestamps), the bonus
 * ledger, campaign members as a plain UTF-8 CSV and coupons as an Excel-style CSV with a BOM.
 */
import { join } from "node:path";
import { bonusLedgerSql } from "./build-bonus.js";
import { feedSelectList, writeJsonLines, writeUtf8Csv, type FeedWriter, type WrittenFile } from "./write-feed.js";

export async function writeCrmFeeds(w: FeedWriter, out: string): Promise<WrittenFile[]> {
  return [
    await writeCampaigns(w, out),
    await writeCampaignMembers(w, out),
    await writeMessages(w, out),
    await writeCoupons(w, out),
    await writeBonusLedger(w, out),
  ];
}

async function writeCampaigns(w: FeedWriter, out: string): Promise<WrittenFile> {
  const columns = feedSelectList("campaigns", {
    campaign_id: "campaign_id", name: "name", mechanic: "mechanic", channel: "channel",
    start_date: "iso_date(start_date)", end_date: "iso_date(end_date)", control_share: "control_share",
    cost: "cost", goal: "goal",
  });
  const name = "campaigns.jsonl";
  return { name, rows: await writeJsonLines(w, join(out, name), `SELECT ${columns} FROM campaigns ORDER BY campaign_no`) };
}

async function writeCampaignMembers(w: FeedWriter, out: string): Promise<WrittenFile> {
  const columns = feedSelectList("campaign-members", {
    campaign_id: "c.campaign_id", customer_id: "customer_code(m.cust)", arm: "m.arm", card_number: "m.card::VARCHAR",
  });
  const sql = `SELECT ${columns} FROM campaign_members m JOIN campaigns c USING (campaign_no) ORDER BY m.campaign_no, m.cust`;
  const name = "campaign_members.csv";
  return { name, rows: await writeUtf8Csv(w, join(out, name), sql, false) };
}

async function writeMessages(w: FeedWriter, out: string): Promise<WrittenFile> {
  const columns = feedSelectList("messages", {
    message_id: "m.message_id", campaign_id: "c.campaign_id", customer_id: "customer_code(m.cust)", channel: "m.channel",
    sent_at: "iso_ts(m.sent_at)", delivered: "m.delivered", opened_at: "iso_ts(m.opened_at)",
    clicked_at: "iso_ts(m.clicked_at)", cost: "m.cost",
  });
  const sql = `SELECT ${columns} FROM messages m JOIN campaigns c USING (campaign_no) ORDER BY m.sent_at, m.message_id`;
  const name = "messages.jsonl.gz";
  return { name, rows: await writeJsonLines(w, join(out, name), sql, true) };
}

async function writeCoupons(w: FeedWriter, out: string): Promise<WrittenFile> {
  const columns = feedSelectList("coupons", {
    coupon_id: "cp.coupon_id", card_number: "cp.card::VARCHAR", campaign_id: "c.campaign_id",
    issued_at: "iso_ts(cp.issued_at)", valid_to: "iso_date(cp.valid_to)", redeemed_at: "iso_ts(u.redeemed_at)",
    store_id: "store_code(u.store)", receipt_id: "receipt_code(u.receipt_no)", value: "cp.value",
  });
  const sql = `
    WITH used AS (
      SELECT cu.coupon_id, cu.redeemed_at, r.store, r.receipt_no FROM coupon_uses cu JOIN receipts r ON r.key = cu.key
    )
    SELECT ${columns} FROM coupons cp JOIN campaigns c USING (campaign_no) LEFT JOIN used u USING (coupon_id)
    ORDER BY cp.issued_at, cp.coupon_id`;
  const name = "coupons.csv";
  return { name, rows: await writeUtf8Csv(w, join(out, name), sql, true) };
}

async function writeBonusLedger(w: FeedWriter, out: string): Promise<WrittenFile> {
  const name = "bonus_ledger.jsonl";
  return { name, rows: await writeJsonLines(w, join(out, name), bonusLedgerSql()) };
}
