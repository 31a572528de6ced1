import type { Destination } from "./destination-config.js";
import { MissingSecretError } from "./delivery-errors.js";

/** The auth header of an HTTP destination, its value read from the environment (never from config files). */
export function destinationAuth(name: string, dest: Destination): { header: string; value: string } | undefined {
  if (dest.type !== "http" || !dest.authEnv) return undefined;
  const value = process.env[dest.authEnv];
  if (!value) throw new MissingSecretError(name, dest.authEnv, dest.authHeader);
  return { header: dest.authHeader, value };
}
