/** Reference feeds: stores, customers and cards from the till system (Windows-1251 CSV), products as JSON lines. */
import { join } from "node:path";
import { feedHeader, feedLine, feedSelectList, writeCp1251Csv, writeJsonLines, type FeedWriter, type WrittenFile } from "./write-feed.js";

export async function writeMasterFeeds(w: FeedWriter, out: string): Promise<WrittenFile[]> {
  return [
    await writeStores(w, out),
    ...(await writeCustomers(w, out)),
    await writeChildren(w, out),
    await writeCards(w, out),
    await writeProducts(w, out),
  ];
}

async function writeStores(w: FeedWriter, out: string): Promise<WrittenFile> {
  const line = feedLine("stores", {
    store_id: "store_id", name: "name", city: "city", region: "region", format: "format",
    opened_on: "fmt_date(opened_on)", closed_on: "fmt_date(closed_on)",
  }, ";");
  const name = "stores.csv";
  return { name, rows: await writeCp1251Csv(w, join(out, name), feedHeader("stores", ";"), `SELECT ${line} FROM stores ORDER BY idx`) };
}

/**
 * customers.csv: every profile as it was first sent, dated by registration (the old tier, consent or
 * a still missing pets field where the platform changed it later); customers_updates.csv: the
 * changed profiles as they are now, dated by the change (see build-profile-history.ts).
 */
async function writeCustomers(w: FeedWriter, out: string): Promise<WrittenFile[]> {
  const line = (first: boolean) => feedLine("customers", {
    customer_id: "c.customer_id",
    first_name: "p.first_name",
    last_name: "p.last_name",
    gender: "CASE WHEN b.reason = 'gender_invalid' THEN 'x' ELSE p.gender END",
    birth_date: "fmt_date(p.birth_date)",
    city: "p.city",
    phone: "p.phone",
    email: "p.email",
    consent_sms: first ? "fmt_bool(coalesce(h.old_consent_sms, p.consent_sms))" : "fmt_bool(p.consent_sms)",
    consent_email: first ? "fmt_bool(coalesce(h.old_consent_email, p.consent_email))" : "fmt_bool(p.consent_email)",
    consent_push: "fmt_bool(p.consent_push)",
    consent_messenger: "fmt_bool(p.consent_messenger)",
    children: "p.children",
    has_car: "fmt_bool(p.has_car)",
    pets: first ? "CASE WHEN NOT coalesce(h.pets_filled_later, false) THEN p.pets END" : "p.pets",
    tier: first ? "coalesce(h.old_tier, c.tier)" : "c.tier",
    registered_at: "fmt_ts(c.registered_at)",
    registration_channel: "c.channel",
    home_store_id: "p.home_store_id",
    updated_at: first ? "fmt_ts(c.registered_at)" : "fmt_ts(h.changed_at)",
  }, ";");
  const from = `FROM customers c JOIN profiles p ON p.idx = c.idx
    LEFT JOIN bad_customers b ON b.idx = c.idx LEFT JOIN profile_changes h ON h.idx = c.idx`;
  const write = async (name: string, sql: string) => ({ name, rows: await writeCp1251Csv(w, join(out, name), feedHeader("customers", ";"), sql) });
  return [
    await write("customers.csv", `SELECT ${line(true)} ${from} ORDER BY c.idx`),
    await write("customers_updates.csv", `SELECT ${line(false)} ${from} WHERE h.idx IS NOT NULL ORDER BY h.changed_at, c.idx`),
  ];
}

/** children.csv: one row per child the profile counts. */
async function writeChildren(w: FeedWriter, out: string): Promise<WrittenFile> {
  const line = feedLine("children", { customer_id: "customer_code(idx)", child_id: "child_id", birth_date: "fmt_date(birth_date)", gender: "gender" }, ";");
  const name = "children.csv";
  return { name, rows: await writeCp1251Csv(w, join(out, name), feedHeader("children", ";"), `SELECT ${line} FROM children ORDER BY idx, child_id`) };
}

/** Every customer's first card; a few lost it and got a second one at a till. */
async function writeCards(w: FeedWriter, out: string): Promise<WrittenFile> {
  const line = feedLine("cards", {
    card_number: "card", customer_id: "customer_code(cust)", issued_at: "fmt_ts(issued_at)", channel: "channel",
    status: "status", tier: "tier", store_id: "store_code(store)", updated_at: "fmt_ts(issued_at)",
  }, ";");
  const sql = `
    SELECT ${line} FROM (
      SELECT card1 AS card, idx AS cust, registered_at AS issued_at, channel, card1_status AS status, tier,
        CASE WHEN channel = 'till' THEN home_store END AS store
      FROM customers
      UNION ALL
      SELECT card2, idx, card2_at, 'till', 'active', tier, home_store FROM customers WHERE card2 IS NOT NULL
    ) ORDER BY issued_at, card`;
  const name = "cards.csv";
  return { name, rows: await writeCp1251Csv(w, join(out, name), feedHeader("cards", ";"), sql) };
}

async function writeProducts(w: FeedWriter, out: string): Promise<WrittenFile> {
  const columns = feedSelectList("products", {
    sku: "sku", name: "name", category: "category", subcategory: "subcategory", brand: "brand",
    margin_class: "margin_class", price: "price",
  });
  const name = "products.jsonl";
  return { name, rows: await writeJsonLines(w, join(out, name), `SELECT ${columns} FROM products ORDER BY idx`) };
}
