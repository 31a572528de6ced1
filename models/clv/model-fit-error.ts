import { EXIT, LoyaltyError } from "../../src/errors.js";

/**
 * The data cannot support a model fit (too few repeat customers, no observation time, a likelihood
 * that is not finite, an optimiser that did not converge). The message names the model and says
 * what to change, so it can be shown to the analyst as it is.
 */
export class ModelFitError extends LoyaltyError {
  constructor(
    readonly model: string,
    problem: string,
  ) {
    super(`${model}: ${problem}`, EXIT.input);
  }
}
