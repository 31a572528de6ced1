/** Settings of segment runs and exports (the `segments` key of the config). */
import { z } from "zod";

const price = z.number().min(0);

export const segmentSettingsSchema = z
  .object({
    /** Where segment definitions live (YAML, JSON or TypeScript files). */
    dir: z.string().default("segments/definitions"),
    /** Where `loyalty segments export` writes files unless told otherwise. */
    exportDir: z.string().default("data/exports"),
    /** Control-group share of a segment that does not set its own. */
    defaultControlShare: z.number().min(0).max(0.5).default(0.1),
    /**
     * Link each segment's till offers (card number, offer code, validity: the `pos` shape) from the
     * report site's Segments page. Off by default: the site has no login, and a card number with its
     * offer code is enough to take the offer at a till; the till gets its list from a destination or
     * `segments export --shape pos`.
     */
    publishOffersOnSite: z.boolean().default(false),
    /** Member lists kept per segment (older runs keep their summary row only). */
    keepRuns: z.number().int().min(2).default(30),
    /** Price of one message per channel, in the chain's currency, for the cost estimate. */
    channelPrices: z
      .object({ push: price.default(0), messenger: price.default(1.5), email: price.default(0.1), sms: price.default(3) })
      .strict()
      .default({ push: 0, messenger: 1.5, email: 0.1, sms: 3 }),
  })
  .strict();

export type SegmentSettings = z.infer<typeof segmentSettingsSchema>;
