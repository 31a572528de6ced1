/** Every model of the warehouse. A new model is one file plus one line here. */
import type { Model } from "./model.js";
import { dimCampaigns } from "./core/dim-campaigns.js";
import { dimCards } from "./core/dim-cards.js";
import { dimCustomers } from "./core/dim-customers.js";
import { dimStores } from "./core/dim-stores.js";
import { fctCampaignMembers } from "./core/fct-campaign-members.js";
import { fctPurchaseDays } from "./core/fct-purchase-days.js";
import { fctReceipts } from "./core/fct-receipts.js";
import { fctMemberTiers } from "./core/fct-member-tiers.js";
import { fctMemberEntry } from "./core/fct-member-entry.js";
import { fctProfileChanges } from "./core/fct-profile-changes.js";
import { dimChildren, dimProducts, fctBonusLedger, fctCoupons, fctMessages, fctReceiptLines } from "./core/loaded-facts.js";
import { martKpi } from "./marts/mart-kpi.js";
import { martBonusMonthly } from "./marts/mart-bonus-monthly.js";
import { martCoupons } from "./marts/mart-coupons.js";
import { martTiers } from "./marts/mart-tiers.js";
import { martDiagnosisCells } from "./marts/mart-diagnosis-cells.js";
import { martDiagnosis } from "./marts/mart-diagnosis.js";
import { martCommunications } from "./marts/mart-communications.js";
import { martBonusUse } from "./marts/mart-bonus-use.js";
import { martPromotions } from "./marts/mart-promotions.js";
import { martCampaignDaily } from "./marts/mart-campaign-daily.js";
import { martCampaignResults } from "./marts/mart-campaign-results.js";
import { martProgrammePayback } from "./marts/mart-programme-payback.js";
import { martCategoryAffinity } from "./marts/mart-category-affinity.js";
import { martCategorySales } from "./marts/mart-category-sales.js";
import { martClv, martClvHoldout, martClvParams, martClvSummaries } from "./marts/mart-clv.js";
import { martCohortRetention, martConversion } from "./marts/mart-cohorts.js";
import { martCustomerFeatures } from "./marts/mart-customer-features.js";
import { martEntryCategory } from "./marts/mart-entry-category.js";
import { martCvmHistory, martCvmMonthly, martCvmStage, martCvmTransitions } from "./marts/mart-cvm.js";
import { martPortrait } from "./marts/mart-portrait.js";
import { martProfileQuality } from "./marts/mart-profile-quality.js";
import { martRfm, martRfmSegments } from "./marts/mart-rfm.js";
import { martStoreIdentification } from "./marts/mart-store-identification.js";
import { martStoreHours } from "./marts/mart-store-hours.js";
import { martStaffKpi } from "./marts/mart-staff-kpi.js";
import { martStageEconomics } from "./marts/mart-stage-economics.js";
import { martChurnDrivers } from "./marts/mart-churn-drivers.js";
import { martChurnSignals } from "./marts/mart-churn-signals.js";
import { martRevenueDecomposition } from "./marts/mart-revenue-decomposition.js";
import { martRevenueFactors } from "./marts/mart-revenue-factors.js";
import { martSegmentRevenueFactors } from "./marts/mart-segment-revenue-factors.js";

export const MODELS: Model[] = [
  // core
  dimStores, dimCards, dimCustomers, fctReceipts, fctPurchaseDays, dimCampaigns, fctCampaignMembers,
  fctReceiptLines, fctBonusLedger, fctCoupons, fctMessages, fctProfileChanges, fctMemberTiers, dimChildren, dimProducts, fctMemberEntry,
  // marts
  martKpi, martRevenueFactors, martSegmentRevenueFactors, martRevenueDecomposition,
  martRfm, martRfmSegments, martClvSummaries, martClvParams, martClv, martClvHoldout,
  martCvmStage, martCvmMonthly, martCvmHistory, martCvmTransitions, martStageEconomics, martChurnDrivers, martChurnSignals,
  martCohortRetention, martConversion,
  martStaffKpi, martStoreIdentification, martStoreHours, martProfileQuality, martPortrait,
  martBonusMonthly, martBonusUse, martCoupons, martTiers, martPromotions, martCommunications,
  martCampaignResults, martCampaignDaily, martProgrammePayback,
  martCategorySales, martEntryCategory, martCategoryAffinity,
  martCustomerFeatures,
  martDiagnosisCells, martDiagnosis,
];
