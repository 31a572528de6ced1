/**
 * The destination types, registered once: the config's `destinations` schema, a sync's batching and
 * sending, and the auth check all come from this list. Adding a type is a file in
 * `destination-types/` and its line here.
 */
import { z } from "zod";
import type { DestinationType } from "./destination-types/destination-type.js";
import { folderDestinationType } from "./destination-types/folder-destination.js";
import { httpDestinationType } from "./destination-types/http-destination.js";
import type { BatchSpan, Plan } from "./sync-plan.js";

export const DESTINATION_TYPES = [folderDestinationType, httpDestinationType] as const;

/** One destination of the config, whichever registered type it is. */
export const destinationSchema = z.discriminatedUnion("type", [folderDestinationType.schema, httpDestinationType.schema]);

export type Destination = z.infer<typeof destinationSchema>;

/** The registered type of a configured destination. */
export function destinationTypeOf<D extends Destination>(destination: D): DestinationType<D> {
  const type = DESTINATION_TYPES.find((t) => t.schema.shape.type.value === destination.type);
  if (!type) throw new Error(`no destination type "${destination.type}" is registered`);
  return type as unknown as DestinationType<D>;
}

export function cutBatches(plan: Plan, destination: Destination): BatchSpan[] {
  return destinationTypeOf(destination).cut(plan, destination);
}

/** The auth header of a destination that needs one, its value read from the environment (never from config files). */
export function destinationAuth(name: string, destination: Destination): { header: string; value: string } | undefined {
  return destinationTypeOf(destination).auth?.(name, destination);
}
