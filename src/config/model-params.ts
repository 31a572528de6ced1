/**
 * The parameters of the models, with their documented defaults. A model never hard-codes a
 * chain's value: thresholds, windows and breaks come from here (the `models` key of the config).
 */
import { z } from "zod";
import { goalSchema } from "../../models/marts/campaign-goal.js";

const fourBreaks = z.array(z.number()).length(4);

const DEFAULT_CLV_HORIZONS = ["30d", "90d", "52w", "365d"] as const;

export const modelParamsSchema = z
  .object({
    /** Days are counted in this time zone; timestamps in feeds are the chain's local time. */
    weekStart: z.enum(["monday", "sunday"]).default("monday"),
    rfm: z
      .object({
        /**
         * Score breaks (4 inner thresholds for 5 scores). Absent: the quantile rule of the R package
         * `rfm` (see models/marts/mart-rfm.ts).
         */
        breaks: z.object({ recency: fourBreaks.optional(), frequency: fourBreaks.optional(), monetary: fourBreaks.optional() }).strict().default({}),
        /**
         * The segment map: `rfm-package` (default: the R package rfm's documented rules in its order),
         * `loyalty-warehouse` (the project's own) or a path to a JSON file of the same shape
         * (models/marts/rfm-segment-maps/).
         */
        segmentMap: z.string().default("rfm-package"),
      })
      .strict()
      .default({ breaks: {}, segmentMap: "rfm-package" }),
    lifecycle: z
      .object({
        /** A customer whose first purchase is at most this many days old is `new`. */
        newDays: z.number().int().positive().default(30),
        /** `loyal`: at least this many purchases in the last `loyalWindowDays`. */
        loyalMinPurchases: z.number().int().positive().default(6),
        loyalWindowDays: z.number().int().positive().default(180),
        /** `pre_churn`: days since the last purchase above max(floor, multiple × the customer's usual interval). */
        preChurnMultiple: z.number().positive().default(2),
        preChurnFloorDays: z.number().int().positive().default(60),
        /** `churned`: days since the last purchase above max(floor, multiple × usual interval). */
        churnMultiple: z.number().positive().default(4),
        churnFloorDays: z.number().int().positive().default(180),
        /** `won_back`: bought within this many days after a gap long enough to count as churned. */
        wonBackDays: z.number().int().positive().default(90),
        /**
         * Use the BG/NBD probability of being alive for pre-churn and churned instead of the rhythm
         * rule, for members with a repeat purchase (one-time buyers keep the floors): `auto` uses it
         * when mart_clv holds a converged fit.
         */
        useProbabilityAlive: z.enum(["auto", "on", "off"]).default("auto"),
        /** With P(alive): churned below this probability, pre-churn below `pAlivePreChurn`. */
        pAliveChurned: z.number().min(0).max(1).default(0.2),
        pAlivePreChurn: z.number().min(0).max(1).default(0.5),
        /**
         * Churn signals (mart_churn_signals) compare a member's purchases in this many days up to their
         * last purchase with the same number of days before that: falling frequency, shrinking basket.
         */
        signalWindowDays: z.number().int().positive().default(90),
      })
      .strict()
      .default({
        newDays: 30, loyalMinPurchases: 6, loyalWindowDays: 180, preChurnMultiple: 2, preChurnFloorDays: 60, churnMultiple: 4,
        churnFloorDays: 180, wonBackDays: 90, useProbabilityAlive: "auto", pAliveChurned: 0.2, pAlivePreChurn: 0.5, signalWindowDays: 90,
      }),
    clv: z
      .object({
        /** Time unit of the BG/NBD and Gamma-Gamma fits. */
        timeUnit: z.enum(["days", "weeks"]).default("weeks"),
        /** CLV horizon in months, and the monthly discount rate of future value. */
        horizonMonths: z.number().int().positive().default(12),
        monthlyDiscountRate: z.number().min(0).default(0.01),
        /** The calibration/holdout check holds out this many last days. */
        holdoutDays: z.number().int().positive().default(182),
        /**
         * Horizons of expected purchases, in days ("30d") or weeks ("52w"): per member (conditional on
         * their history) and for a new customer (unconditional E[X(t)]). Segments and the lifetime-value
         * page read 30d and 90d, so those two are always there.
         */
        horizons: z
          .array(z.string().regex(/^[1-9][0-9]*[dw]$/, 'a horizon is a number of days or weeks, e.g. "30d" or "52w"'))
          .refine((h) => h.includes("30d") && h.includes("90d"), '"30d" and "90d" must be among the horizons (segments and the lifetime-value page read them)')
          .refine((h) => new Set(h).size === h.length, "a horizon is listed twice")
          .default([...DEFAULT_CLV_HORIZONS]),
      })
      .strict()
      .default({ timeUnit: "weeks", horizonMonths: 12, monthlyDiscountRate: 0.01, holdoutDays: 182, horizons: [...DEFAULT_CLV_HORIZONS] }),
    bonus: z
      .object({
        /** What one bonus point costs the programme, in the chain's currency; absent: bonuses are shown in points, not money. */
        pointValue: z.number().positive().optional(),
      })
      .strict()
      .default({}),
    tiers: z
      .object({
        /**
         * The programme's tiers from the lowest, each with the qualifying spend (revenue net of
         * returns over `qualifyingMonths`) that reaches it; absent: tier moves cannot be called up or
         * down and the amount to the next tier is unknown. The tiers themselves always come from the
         * feeds (the platform assigns them); these rules only rank them and measure the distance.
         */
        levels: z.array(z.object({ tier: z.string().min(1), minSpend: z.number().min(0) }).strict()).min(2)
          .refine((l) => new Set(l.map((x) => x.tier.toLowerCase())).size === l.length, "a tier is listed twice")
          .refine((l) => l.every((x, i) => i === 0 || x.minSpend > l[i - 1].minSpend), "each tier needs more qualifying spend than the one below it")
          .optional(),
        qualifyingMonths: z.number().int().positive().default(12),
      })
      .strict()
      .default({ qualifyingMonths: 12 }),
    campaigns: z
      .object({
        /** Revenue is measured over the campaign window plus this many days after it. */
        afterWindowDays: z.number().int().min(0).default(14),
        /** Gross margin rate of incremental revenue, for incremental margin and ROI; absent: no ROI. */
        marginRate: z.number().min(0).max(1).optional(),
        /**
         * Goals by campaign id: { metric, op, target } (e.g. { metric: response_rate, op: ">=", target:
         * 0.075 }), "response_rate >= 7.5%", or a common Russian phrasing («Вернуть 7,5% ушедших»);
         * see models/marts/campaign-goal.ts. Metrics: response_rate, response_uplift, revenue_uplift,
         * relative_revenue_uplift, relative_visits_uplift, avg_check_change, roi. A campaign's own
         * `goal` field is used when it is written one of these ways.
         */
        goals: z.record(z.string(), z.union([z.string(), goalSchema])).default({}),
      })
      .strict()
      .default({ afterWindowDays: 14, goals: {} }),
    payback: z
      .object({
        /**
         * An assumption, not a measurement: the share of members' margin (their revenue net of returns
         * × `campaigns.marginRate`) that the programme is taken to cause where no control group
         * measures it (e.g. 0.05). Absent: the programme's payback counts only what control groups
         * measured, and the page says how to add an estimate.
         */
        estimatedIncrementalShare: z.number().min(0).max(1).optional(),
      })
      .strict()
      .default({}),
    cohorts: z
      .object({
        /** Conversion of new members to a first and to a repeat purchase within this many days. */
        conversionDays: z.number().int().positive().default(30),
      })
      .strict()
      .default({ conversionDays: 30 }),
    assortment: z
      .object({
        /**
         * A new buyer repeats when their second purchase day comes within this many days of the first
         * (mart_entry_category); rates count only buyers whose first purchase is at least this old.
         */
        entryRepeatDays: z.number().int().positive().default(90),
        /** Category affinity is measured on the sales receipts of this many days up to the build date. */
        affinityDays: z.number().int().positive().default(365),
        /**
         * Pairs of categories (and categories) on fewer than this share of those receipts are left out:
         * without a floor the table is every pair of every rarely bought category.
         */
        affinityMinSupport: z.number().min(0).max(1).default(0.01),
        /**
         * A pair is worth a joint offer with a lift of at least `jointOfferMinLift` on at least
         * `jointOfferMinReceipts` receipts: at 100 receipts the lift's relative error is about 10 %,
         * so a lift of 1.2 stands about two errors above 1 (no association).
         */
        jointOfferMinLift: z.number().positive().default(1.2),
        jointOfferMinReceipts: z.number().int().positive().default(100),
      })
      .strict()
      .default({ entryRepeatDays: 90, affinityDays: 365, affinityMinSupport: 0.01, jointOfferMinLift: 1.2, jointOfferMinReceipts: 100 }),
    stores: z
      .object({
        /**
         * A store is ranked by identified share in a month only with at least this many sales
         * receipts in it: a store with 3 receipts, 3 of them with a card, is not the chain's best.
         */
        minReceiptsToRank: z.number().int().positive().default(100),
        /** Demand by weekday and hour (mart_store_hours) is averaged over this many weeks up to the build date. */
        hoursWeeks: z.number().int().positive().default(8),
        /**
         * The staff KPIs' targets (mart_staff_kpi), for every store, till and cashier in a month.
         * `identifiedShare`: sales receipts with a card, 0.8 by default (the lower end of the 80–90 %
         * a programme aims at; null: no target), judged only with `minReceiptsToRank` receipts in the
         * month, as the ranking is. `signUpsPerMonth`: new members whose first card a store issued in
         * a month; absent by default (no target), since it depends on a store's traffic. The feeds
         * name no till or cashier on a card, so sign-ups are counted per store only.
         */
        targets: z
          .object({
            identifiedShare: z.number().min(0).max(1).nullable().default(0.8),
            signUpsPerMonth: z.number().int().min(0).optional(),
          })
          .strict()
          .default({ identifiedShare: 0.8 }),
      })
      .strict()
      .default({ minReceiptsToRank: 100, hoursWeeks: 8, targets: { identifiedShare: 0.8 } }),
  })
  .strict();

export type ModelParams = z.infer<typeof modelParamsSchema>;
