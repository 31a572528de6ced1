import { EXIT, LoyaltyError } from "../src/errors.js";

/** Segments read the marts; before the first build there is nothing to select from. */
export class MissingModelsError extends LoyaltyError {
  constructor(table: string, problem: string) {
    super(`The warehouse's ${table} ${problem}: build the models first (loyalty build), then run segments.`, EXIT.usage);
  }
}
