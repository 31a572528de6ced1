/**
 * The `destinations` config section: where segment members are sent, by name; each destination is
 * one of the registered types (destination-types.ts): a folder drop (the POS picks a file up) or an
 * HTTP JSON API (a campaign engine, a mailer). Secrets never live in config files: an HTTP
 * destination names the environment variable that holds its auth header's value.
 *
 * ```yaml
 * destinations:
 *   pos-drop: { type: folder, path: /srv/pos/inbox, segments: [win-back, birthday-in-5-days] }
 *   mailer: { type: http, url: https://mailer.example/api/audiences, authEnv: MAILER_TOKEN, segments: [win-back] }
 * ```
 */
import { z } from "zod";
import { destinationSchema } from "./destination-types.js";

export { destinationSchema, type Destination } from "./destination-types.js";

export const destinationsSchema = z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, "destination names are kebab-case"), destinationSchema).default({});
