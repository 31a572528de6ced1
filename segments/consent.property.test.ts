/**
 * Property: whatever the members' consents and contacts and whatever a segment's channel priority,
 * nobody is sent anything on a channel they did not consent to or cannot be reached on, and the
 * exports carry only consented contacts, read at export time (a withdrawal after the run counts).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../src/config/config.js";
import { MESSAGE_CHANNELS } from "../src/db/schema.js";
import { createFeaturesTable, member } from "../test/fixtures/segment-members.js";
import { seed } from "../test/helpers/seed-staging.js";
import { tempWarehouse } from "../test/helpers/temp-warehouse.js";
import type { Channel } from "./channel-cascade.js";
import { shapeQuery } from "./export-shapes.js";
import { parseSegmentDefinition } from "./load-segments.js";
import { runSegment } from "./run-segment.js";
import { ensureSegmentTables } from "./segment-store.js";

const settings = parseConfig({}).segments;

interface Consents {
  sms: boolean;
  email: boolean;
  push: boolean;
  messenger: boolean;
}

interface Profile {
  consent: Consents;
  phone: boolean;
  email: boolean;
  app: boolean;
  /** Consents withdrawn after the run. */
  withdrawn: Consents;
}

const consents = fc.record({ sms: fc.boolean(), email: fc.boolean(), push: fc.boolean(), messenger: fc.boolean() });
const profile: fc.Arbitrary<Profile> = fc.record({ consent: consents, phone: fc.boolean(), email: fc.boolean(), app: fc.boolean(), withdrawn: consents });
const scenario = fc.record({
  profiles: fc.array(profile, { minLength: 1, maxLength: 12 }),
  priority: fc.shuffledSubarray([...MESSAGE_CHANNELS], { minLength: 1 }),
  controlShare: fc.constantFrom(0, 0.3),
});

const id = (i: number) => `P${String(i).padStart(2, "0")}`;
const phoneOf = (i: number) => `+7916${String(i).padStart(7, "0")}`;
const emailOf = (i: number) => `p${i}@example.ru`;

/** What a channel needs besides consent, by the profile (the model's has_phone / has_email / has_app). */
function reachable(p: Profile, ch: Channel): boolean {
  return { sms: p.phone, messenger: p.phone, email: p.email, push: p.app }[ch];
}

/** The contact a mailer row must carry for a channel, with the consents as they are now. */
function contactOf(p: Profile, i: number, ch: Channel, now: Consents): string | null {
  if (!now[ch] || !reachable(p, ch)) return null;
  return ch === "push" ? id(i) : ch === "email" ? emailOf(i) : phoneOf(i);
}

let t: Awaited<ReturnType<typeof tempWarehouse>>;
beforeAll(async () => {
  t = await tempWarehouse();
  await createFeaturesTable(t.wh);
  await ensureSegmentTables(t.wh);
});
afterAll(() => t.cleanup());

async function load(profiles: Profile[]): Promise<void> {
  await t.wh.exec("DELETE FROM mart_customer_features; DELETE FROM stg_customers; DELETE FROM segment_members; DELETE FROM segment_runs");
  const c = (p: Profile) => ({ consent_sms: p.consent.sms, consent_email: p.consent.email, consent_push: p.consent.push, consent_messenger: p.consent.messenger });
  await t.wh.insert(
    "mart_customer_features",
    profiles.map((p, i) => member(id(i), { card_number: `K${i}`, has_phone: p.phone, has_email: p.email, has_app: p.app, ...c(p) })),
  );
  await seed(
    t.wh,
    "stg_customers",
    profiles.map((p, i) => ({ customer_id: id(i), first_name: `Имя${i}`, phone: p.phone ? phoneOf(i) : null, email: p.email ? emailOf(i) : null, ...c(p) })),
  );
}

describe("consent and reachability", () => {
  it("holds for random members, priorities and withdrawals", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ profiles, priority, controlShare }) => {
        await load(profiles);
        const def = parseSegmentDefinition({ name: "everyone", title: "Everyone", where: { field: "frequency", gte: 0 }, channels: priority, controlShare });
        const { runId, members } = await runSegment(t.wh, def, settings);
        expect(members).toBe(profiles.length);

        const rows = await t.wh.all<{ customer_id: string; is_control: boolean; channel: Channel | null }>(
          "SELECT customer_id, is_control, channel FROM segment_members WHERE run_id = $1 ORDER BY customer_id",
          [runId],
        );
        expect(rows.map((r) => r.customer_id)).toEqual(profiles.map((_, i) => id(i)));
        rows.forEach((r, i) => {
          const p = profiles[i];
          const usable = priority.filter((ch) => p.consent[ch] && reachable(p, ch));
          // the first usable channel in priority order, or none at all
          expect(r.channel).toBe(usable[0] ?? null);
          if (r.channel) expect(p.consent[r.channel] && reachable(p, r.channel)).toBe(true);
        });

        // mailer: target members with a channel, and the consented contact of that channel
        const expectedMailer = (now: (i: number) => Consents) =>
          rows
            .map((r, i) => ({ r, i, contact: r.channel && !r.is_control ? contactOf(profiles[i], i, r.channel, now(i)) : null }))
            .filter((x) => x.contact !== null)
            .map((x) => ({ customer_id: x.r.customer_id, channel: x.r.channel, contact: x.contact }));
        const mailer = async () =>
          (await t.wh.all<{ customer_id: string; channel: string; contact: string }>(shapeQuery("mailer", runId))).map((m) => ({ customer_id: m.customer_id, channel: m.channel, contact: m.contact }));
        expect(await mailer()).toEqual(expectedMailer((i) => profiles[i].consent));

        // marketer with contacts: none for the control arm; a phone only with SMS or messenger consent,
        // flagged with which of the two; an e-mail only with e-mail consent
        const expectedMarketer = (now: (i: number) => Consents) =>
          rows.map((r, i) => {
            const target = !r.is_control;
            const phone = target && profiles[i].phone && (now(i).sms || now(i).messenger) ? phoneOf(i) : null;
            return {
              customer_id: r.customer_id,
              arm: target ? "target" : "control",
              phone,
              sms: target && profiles[i].phone ? now(i).sms : null,
              messenger: target && profiles[i].phone ? now(i).messenger : null,
              email: target && profiles[i].email && now(i).email ? emailOf(i) : null,
            };
          });
        type MarketerRow = { customer_id: string; arm: string; phone: string | null; phone_sms_consent: boolean | null; phone_messenger_consent: boolean | null; email: string | null };
        const marketer = async () =>
          (await t.wh.all<MarketerRow>(shapeQuery("marketer", runId, true))).map((m) => ({
            customer_id: m.customer_id, arm: m.arm, phone: m.phone, sms: m.phone_sms_consent, messenger: m.phone_messenger_consent, email: m.email,
          }));
        expect(await marketer()).toEqual(expectedMarketer((i) => profiles[i].consent));
        // without contacts asked for, no contact columns at all
        const bare = await t.wh.all(shapeQuery("marketer", runId));
        for (const row of bare) expect(Object.keys(row).filter((k) => ["phone", "email", "first_name"].includes(k))).toEqual([]);

        // withdrawals after the run: the profiles change, the run's members do not
        const after = profiles.map((p) => ({
          sms: p.consent.sms && !p.withdrawn.sms,
          email: p.consent.email && !p.withdrawn.email,
          push: p.consent.push && !p.withdrawn.push,
          messenger: p.consent.messenger && !p.withdrawn.messenger,
        }));
        for (const [i, now] of after.entries()) {
          await t.wh.exec(
            "UPDATE stg_customers SET consent_sms = $1, consent_email = $2, consent_push = $3, consent_messenger = $4 WHERE customer_id = $5",
            [now.sms, now.email, now.push, now.messenger, id(i)],
          );
        }
        expect(await mailer()).toEqual(expectedMailer((i) => after[i]));
        expect(await marketer()).toEqual(expectedMarketer((i) => after[i]));
      }),
      { numRuns: 40 },
    );
  });

  it("drops a member from the mailer when the chosen channel's consent is withdrawn", async () => {
    // a fixed case of the property, so a regression names itself: P00 reachable by SMS only
    const p: Profile = { consent: { sms: true, email: false, push: false, messenger: false }, phone: true, email: true, app: false, withdrawn: { sms: true, email: false, push: false, messenger: false } };
    await load([p]);
    const def = parseSegmentDefinition({ name: "everyone", title: "Everyone", where: { field: "frequency", gte: 0 }, controlShare: 0 });
    const { runId } = await runSegment(t.wh, def, settings);
    expect(await t.wh.all(`SELECT customer_id, channel, contact FROM (${shapeQuery("mailer", runId)})`)).toEqual([{ customer_id: "P00", channel: "sms", contact: "+79160000000" }]);
    await t.wh.exec("UPDATE stg_customers SET consent_sms = false WHERE customer_id = 'P00'");
    expect(await t.wh.all(shapeQuery("mailer", runId))).toEqual([]);
    expect(await t.wh.all(`SELECT phone, email FROM (${shapeQuery("marketer", runId, true)})`)).toEqual([{ phone: null, email: null }]);
  });
});
