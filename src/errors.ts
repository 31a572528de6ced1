/**
 * Errors a user can act on. Each carries the process exit code the CLI ends with, so scripts can tell
 * a bad argument from a bad file from a busy warehouse.
 */
export const EXIT = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  input: 3,
  busy: 4,
  dataTest: 5,
  delivery: 6,
} as const;

export class LoyaltyError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.unexpected,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UsageError extends LoyaltyError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

export class ConfigError extends LoyaltyError {
  constructor(file: string, key: string, problem: string) {
    super(`${file}: "${key}" ${problem}`, EXIT.usage);
  }
}

/** A feed file that cannot be read at all (as opposed to bad rows, which are quarantined). */
export class InputFileError extends LoyaltyError {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`, EXIT.input);
  }
}

export class WarehouseBusyError extends LoyaltyError {
  constructor(path: string, detail: string) {
    super(
      `The warehouse ${path} is open in another process (DuckDB allows one writer). ` +
        `Wait for that job to finish, or read the published snapshot instead. (${detail.split("\n")[0]})`,
      EXIT.busy,
    );
  }
}
