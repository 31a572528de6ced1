// A small loop on fetch + AbortSignal.timeout rather than ky or p-retry: ky 2 needs Node ≥ 22, and ky 1 caps an
// over-long Retry-After (waits maxRetryAfter, then retries) where we must fail, and does not report attempts;
// p-retry cannot replace its backoff with a server-given delay, so Retry-After could not be honoured exactly.
import { setTimeout as sleep } from "node:timers/promises";
import { LoyaltyError } from "../errors.js";

export interface HttpDestinationOptions {
  url: string;
  /** header name and value for auth, value already read from the environment by the caller; optional */
  auth?: { header: string; value: string };
  timeoutMs: number; // per attempt
  retries: number; // extra attempts after the first (e.g. 5)
  backoffMs: number; // first backoff, doubled each retry, with jitter, capped at maxBackoffMs
  maxBackoffMs: number;
  /** Longest Retry-After we are willing to honour; longer → fail the batch with a clear error */
  maxRetryAfterMs: number;
}

export interface BatchResult {
  status: number;
  attempts: number;
  body: unknown;
}

export class DeliveryError extends LoyaltyError {
  readonly status?: number;

  constructor(
    url: string,
    readonly attempts: number,
    readonly retryable: boolean,
    reason: string,
    status?: number,
  ) {
    super(`POST ${url} failed after ${attempts} attempt${attempts === 1 ? "" : "s"}: ${reason}`);
    this.status = status;
  }
}

const RETRYABLE_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);
const RETRY_AFTER_STATUSES = new Set([429, 503]);
const SNIPPET_CHARS = 200;

type Outcome =
  | { ok: true; status: number; body: unknown }
  | { ok: false; retryable: boolean; detail: string; status?: number; retryAfterMs?: number };

export async function postBatch(
  options: HttpDestinationOptions,
  body: unknown,
  idempotencyKey: string,
  signal?: AbortSignal,
): Promise<BatchResult> {
  const init: RequestInit = {
    method: "POST",
    headers: requestHeaders(options, idempotencyKey),
    body: JSON.stringify(body),
    // A redirect would re-send the auth header to wherever it points; treat it as a failure instead.
    redirect: "manual",
  };
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptOnce(options, init, signal);
    if (outcome.ok) return { status: outcome.status, attempts: attempt, body: outcome.body };
    const fail = (retryable: boolean, reason: string) =>
      new DeliveryError(options.url, attempt, retryable, reason, outcome.status);
    if (!outcome.retryable) throw fail(false, outcome.detail);
    if (attempt > options.retries) throw fail(true, `retries exhausted; last error: ${outcome.detail}`);
    if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > options.maxRetryAfterMs) {
      throw fail(
        true,
        `${outcome.detail}; Retry-After asks for ${outcome.retryAfterMs} ms, more than maxRetryAfterMs ${options.maxRetryAfterMs}`,
      );
    }
    await sleep(outcome.retryAfterMs ?? backoffDelay(options, attempt), undefined, { signal });
  }
}

function requestHeaders(options: HttpDestinationOptions, idempotencyKey: string): Record<string, string> {
  const headers: Record<string, string> = { "Content-Type": "application/json", "Idempotency-Key": idempotencyKey };
  if (options.auth) headers[options.auth.header] = options.auth.value;
  return headers;
}

/** One POST under its own timeout; every failure becomes an Outcome except the caller's own abort. */
async function attemptOnce(options: HttpDestinationOptions, init: RequestInit, signal?: AbortSignal): Promise<Outcome> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await fetch(options.url, { ...init, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    text = await response.text(); // inside the try: the timeout and resets also apply while the body streams
  } catch (error) {
    signal?.throwIfAborted(); // cancelled by the caller: not a delivery failure, do not retry
    return { ok: false, retryable: true, detail: describeNetworkError(error, options.timeoutMs) };
  }
  const { status } = response;
  if (status >= 200 && status < 300) return { ok: true, status, body: parseJsonOrText(text) };
  return {
    ok: false,
    retryable: RETRYABLE_STATUSES.has(status),
    status,
    detail: `HTTP ${status}: ${snippet(text, options.auth?.value)}`,
    retryAfterMs: RETRY_AFTER_STATUSES.has(status) ? retryAfterMs(response.headers.get("Retry-After")) : undefined,
  };
}

/** Retry-After as delay-seconds or an HTTP date; undefined when absent or unreadable (then we back off). */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  if (/^\s*\d+\s*$/.test(header)) return Number(header) * 1000;
  // HTTP dates start with a day name; without this check V8's lenient Date.parse reads "-5" or "1.5" as dates.
  if (!/^\s*[A-Za-z]/.test(header)) return undefined;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with "equal jitter": half fixed so waits still grow, half random so clients spread out. */
function backoffDelay(options: HttpDestinationOptions, attempt: number): number {
  const base = Math.min(options.maxBackoffMs, options.backoffMs * 2 ** (attempt - 1));
  return base / 2 + Math.random() * (base / 2);
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === "TimeoutError") return `no response within ${timeoutMs} ms`;
  // undici reports "fetch failed" and keeps the useful part (ECONNREFUSED, "other side closed") in the cause.
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code && !cause.message.includes(code) ? `${code} ${cause.message}` : cause.message;
  }
  return error instanceof Error ? error.message : String(error);
}

function parseJsonOrText(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The start of an error body for the message, with the auth value blanked in case the server echoes it. */
function snippet(text: string, secret?: string): string {
  const redacted = secret ? text.replaceAll(secret, "[redacted]") : text;
  const oneLine = redacted.replace(/\s+/g, " ").trim();
  if (oneLine === "") return "(empty body)";
  return oneLine.length > SNIPPET_CHARS ? `${oneLine.slice(0, SNIPPET_CHARS)}…` : oneLine;
}
