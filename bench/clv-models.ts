import { martClv, martClvHoldout, martClvParams, martClvSummaries } from "../models/marts/mart-clv.js";

/** The customer-base models (BG/NBD, Gamma-Gamma): the summaries, the fits, the scoring, the holdout check. */
export const CLV_MODELS = [martClvSummaries, martClvParams, martClv, martClvHoldout].map((m) => m.name);
