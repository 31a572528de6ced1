import { martClv, martClvHoldout, martClvParams } from "../models/marts/mart-clv.js";

/** The customer-base models (BG/NBD, Gamma-Gamma): the fits, the scoring, the holdout check. */
export const CLV_MODELS = [martClvParams, martClv, martClvHoldout].map((m) => m.name);
