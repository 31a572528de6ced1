import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeDestination, type FakeDestination } from "../../test/helpers/fake-destination.js";
import { DeliveryError, postBatch, retryAfterMs, type HttpDestinationOptions } from "./http-destination-client.js";

const SECRET = "s3cr3t-token-value";
const batch = { members: [{ id: "m1" }, { id: "m2" }, { id: "m3" }] };

let dest: FakeDestination;
beforeEach(async () => {
  dest = await startFakeDestination();
});
afterEach(async () => {
  await dest.close();
});

function options(overrides: Partial<HttpDestinationOptions> = {}): HttpDestinationOptions {
  return {
    url: dest.url,
    auth: { header: "X-Api-Key", value: SECRET },
    timeoutMs: 2_000,
    retries: 5,
    backoffMs: 10,
    maxBackoffMs: 40,
    maxRetryAfterMs: 5_000,
    ...overrides,
  };
}

/** The DeliveryError postBatch rejects with (fails the test if it resolves or throws something else). */
async function deliveryError(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

function gapMs(i: number): number {
  return dest.requests[i].at - dest.requests[i - 1].at;
}

describe("postBatch", () => {
  it("posts JSON with the Idempotency-Key and auth header and returns the parsed response", async () => {
    const result = await postBatch(options(), batch, "key-1");

    expect(result).toEqual({ status: 200, attempts: 1, body: { ok: true, accepted: 3 } });
    expect(dest.requests).toHaveLength(1);
    const [req] = dest.requests;
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.idempotencyKey).toBe("key-1");
    expect(req.headers["x-api-key"]).toBe(SECRET);
    expect(req.body).toEqual(batch);
    expect(dest.applied).toHaveLength(1);
  });

  it("keeps the auth value out of error messages, even when the server echoes it", async () => {
    dest.failNext({ kind: "status", status: 401, body: `{"error":"bad key ${SECRET}"}` });

    const error = await deliveryError(postBatch(options(), batch, "key-1"));

    expect(error.message).toContain("HTTP 401");
    expect(error.message).toContain("bad key [redacted]");
    expect(error.message).not.toContain(SECRET);
  });

  it("retries 500s with the same key and applies the batch once", async () => {
    dest.failNext({ kind: "status", status: 500 }, { kind: "status", status: 500 });

    const result = await postBatch(options(), batch, "key-500");

    expect(result.attempts).toBe(3);
    expect(dest.requests.map((r) => r.idempotencyKey)).toEqual(["key-500", "key-500", "key-500"]);
    expect(dest.applied).toHaveLength(1);
  });

  it("waits the Retry-After of a 429 instead of the backoff", async () => {
    dest.failNext({ kind: "retry-after", seconds: 1 });

    const result = await postBatch(options(), batch, "key-429");

    expect(result.attempts).toBe(2);
    expect(gapMs(1)).toBeGreaterThanOrEqual(950);
    // Well under maxRetryAfterMs (5 s): the wait is the header's, not the cap.
    expect(gapMs(1)).toBeLessThan(3_000);
    expect(dest.applied).toHaveLength(1);
  });

  it("abandons an attempt after timeoutMs and retries", async () => {
    dest.failNext({ kind: "timeout" });

    const result = await postBatch(options({ timeoutMs: 1000 }), batch, "key-timeout");

    expect(result).toEqual({ status: 200, attempts: 2, body: { ok: true, accepted: 3 } });
    expect(gapMs(1)).toBeGreaterThanOrEqual(950);
    expect(dest.applied).toHaveLength(1);
  });

  it("retries after the connection is reset before the batch is applied", async () => {
    dest.failNext({ kind: "reset" });

    const result = await postBatch(options(), batch, "key-reset");

    expect(result.attempts).toBe(2);
    expect(dest.requests).toHaveLength(2);
    expect(dest.applied).toHaveLength(1);
  });

  it("retries a batch that was applied but whose OK was lost, and the server does not apply it twice", async () => {
    dest.failNext({ kind: "apply-then-reset" });

    const result = await postBatch(options(), batch, "key-lost-ok");

    expect(result).toEqual({ status: 200, attempts: 2, body: { ok: true, accepted: 3 } });
    expect(dest.requests.map((r) => r.idempotencyKey)).toEqual(["key-lost-ok", "key-lost-ok"]);
    expect(dest.applied).toHaveLength(1);
  });

  it("fails at once on a 400, not retryable, naming the URL, status and body", async () => {
    dest.failNext({ kind: "status", status: 400, body: '{"error":"members[0].id must be a UUID"}' });

    const error = await deliveryError(postBatch(options(), batch, "key-400"));

    expect(error).toMatchObject({ status: 400, attempts: 1, retryable: false });
    expect(error.message).toContain(dest.url);
    expect(error.message).toContain("after 1 attempt:");
    expect(error.message).toContain("HTTP 400");
    expect(error.message).toContain("members[0].id must be a UUID");
    expect(dest.requests).toHaveLength(1);
    expect(dest.applied).toHaveLength(0);
  });

  it("gives up after retries+1 attempts with a retryable error carrying the last status", async () => {
    const retries = 3;
    dest.failNext(...Array.from({ length: retries + 1 }, () => ({ kind: "status", status: 503 }) as const));

    const error = await deliveryError(postBatch(options({ retries }), batch, "key-503"));

    expect(error).toMatchObject({ status: 503, attempts: retries + 1, retryable: true });
    expect(error.message).toContain("after 4 attempts");
    expect(error.message).toContain("retries exhausted");
    expect(error.message).toContain("HTTP 503");
    expect(dest.requests).toHaveLength(retries + 1);
    expect(dest.applied).toHaveLength(0);
  });

  it("names the network error when the destination refuses connections", async () => {
    const url = dest.url;
    await dest.close(); // nothing listens on the port any more

    const error = await deliveryError(postBatch(options({ url, retries: 1 }), batch, "key-refused"));

    expect(error).toMatchObject({ status: undefined, attempts: 2, retryable: true });
    expect(error.message).toContain("ECONNREFUSED");
    dest = await startFakeDestination(); // for afterEach
  });

  it("fails without waiting when Retry-After exceeds maxRetryAfterMs", async () => {
    dest.failNext({ kind: "retry-after", seconds: 60 });

    const error = await deliveryError(postBatch(options({ maxRetryAfterMs: 1_000 }), batch, "key-long-wait"));

    expect(error).toMatchObject({ status: 429, attempts: 1, retryable: true });
    expect(error.message).toContain("Retry-After asks for 60000 ms, more than maxRetryAfterMs 1000");
    expect(dest.requests).toHaveLength(1);
  });

  it("stops waiting when the caller aborts", async () => {
    dest.failNext({ kind: "retry-after", seconds: 3 });
    const started = Date.now();

    const attempt = postBatch(options(), batch, "key-abort", AbortSignal.timeout(200));

    await expect(attempt).rejects.toMatchObject({ name: "AbortError" });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(dest.requests).toHaveLength(1);
  });
});

describe("retryAfterMs", () => {
  const now = Date.parse("2025-03-01T12:00:00Z");

  it("reads delay-seconds and HTTP dates", () => {
    expect(retryAfterMs("2", now)).toBe(2_000);
    expect(retryAfterMs("Sat, 01 Mar 2025 12:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs("Sat, 01 Mar 2025 11:59:00 GMT", now)).toBe(0); // already passed
  });

  it("is undefined when absent or unreadable, so the backoff applies", () => {
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs("-5", now)).toBeUndefined();
    expect(retryAfterMs("1.5", now)).toBeUndefined();
  });
});
