import { EXIT, LoyaltyError } from "../src/errors.js";

/** Segments read the marts; before the first build there is nothing to select from. */
export class MissingModelsError extends LoyaltyError {
  constructor(table: string) {
    super(`The warehouse has no ${table} yet: build the models first (loyalty build), then run segments.`, EXIT.usage);
  }
}

/** A segment that was never run has no members to export or send. */
export class SegmentNotRunError extends LoyaltyError {
  constructor(segment: string) {
    super(`Segment "${segment}" has not been run yet: run it first (loyalty segments run ${segment}).`, EXIT.usage);
  }
}
