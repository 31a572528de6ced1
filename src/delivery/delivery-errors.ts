import { EXIT, LoyaltyError } from "../errors.js";

/** Secrets live in the environment, never in config files. */
export class MissingSecretError extends LoyaltyError {
  constructor(destination: string, variable: string, header: string) {
    super(`Destination "${destination}" sends its ${header} header from the environment variable ${variable}, which is not set. Set it (e.g. export ${variable}=...) and run again.`, EXIT.usage);
  }
}

export class UnknownDestinationError extends LoyaltyError {
  constructor(name: string, known: string[]) {
    super(`There is no destination "${name}" in the config (destinations: ${known.join(", ") || "none configured"}).`, EXIT.usage);
  }
}

/** A sync that could not deliver everything; what was confirmed is kept, and the next sync settles what is in doubt and resumes. */
export class SyncFailedError extends LoyaltyError {
  constructor(destination: string, segment: string, error: string) {
    super(`Sync of ${segment} to ${destination} stopped: ${error}. Confirmed batches are kept; the next sync settles the batch that was not confirmed and sends the rest.`, EXIT.delivery);
  }
}
