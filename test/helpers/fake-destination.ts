// A real HTTP server on 127.0.0.1 that behaves like an idempotent batch API (Stripe-style
// Idempotency-Key replay: a repeat gets the first answer, a key reused with another body a 422) and can be told to fail the next requests in the ways networks do. Its log
// of applied batches is what it holds: `held()` replays it, so a test can compare what the
// destination really has with what the warehouse believes it has.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Fault =
  | { kind: "status"; status: number; body?: string }
  | { kind: "retry-after"; seconds: number } // 429 with Retry-After
  | { kind: "timeout" } // accept the request, never answer (until closed)
  | { kind: "reset" } // destroy the socket before applying
  | { kind: "apply-then-reset" } // apply the batch, then destroy the socket (client never sees the OK)
  // after applying (or, with apply: false, instead of applying), before answering; with apply: false
  // the socket is then destroyed, as if the request never arrived
  | { kind: "hook"; run: (req: ReceivedRequest) => void | Promise<void>; apply?: boolean };

export interface ReceivedRequest {
  at: number;
  idempotencyKey: string | null;
  headers: IncomingHttpHeaders;
  body: any;
  /** The body as sent. */
  text: string;
}

export interface FakeDestination {
  url: string;
  requests: ReceivedRequest[];
  /** The log of batches applied, in order (a repeat under a key already applied is not applied again). */
  applied: ReceivedRequest[];
  failNext(...faults: Fault[]): void;
  /** Forgets the faults not yet used. */
  clearFaults(): void;
  /**
   * While down (the test killed the sender), every request is dropped unapplied, so nothing a
   * "dead" process still had in flight takes effect.
   */
  setDown(down: boolean): void;
  /** What the destination holds of a segment: its applied log replayed (upserts add or replace, removals drop). */
  held(segment: string, keyColumn?: string): Map<string, Record<string, unknown>>;
  close(): Promise<void>;
}

interface ApplyResult {
  ok: true;
  accepted: number;
}

interface Reply {
  status: number;
  body: ApplyResult | { error: string };
}

export async function startFakeDestination(): Promise<FakeDestination> {
  const requests: ReceivedRequest[] = [];
  const applied: ReceivedRequest[] = [];
  const faults: Fault[] = [];
  let down = false;
  // The stored response per key is what makes a retry of an applied batch harmless.
  const responsesByKey = new Map<string, { text: string; result: ApplyResult }>();

  function apply(received: ReceivedRequest): Reply {
    const key = received.idempotencyKey;
    const earlier = key === null ? undefined : responsesByKey.get(key);
    if (earlier && earlier.text !== received.text) return { status: 422, body: { error: `idempotency key ${key} reused with a different body` } };
    if (earlier) return { status: 200, body: earlier.result };
    const result: ApplyResult = { ok: true, accepted: Array.isArray(received.body?.members) ? received.body.members.length : 0 };
    applied.push(received);
    if (key !== null) responsesByKey.set(key, { text: received.text, result });
    return { status: 200, body: result };
  }

  const reply = (res: ServerResponse, r: Reply) => sendJson(res, r.status, JSON.stringify(r.body));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now(); // arrival time, before the body is read, so gaps measure the client's waits
    const text = await readBody(req);
    const received: ReceivedRequest = { at, idempotencyKey: headerValue(req.headers["idempotency-key"]), headers: req.headers, body: parseBody(text), text };
    requests.push(received);
    if (down) {
      req.socket.destroy();
      return;
    }
    const fault = faults.shift();
    switch (fault?.kind) {
      case "status":
        return sendJson(res, fault.status, fault.body ?? JSON.stringify({ error: `injected ${fault.status}` }));
      case "retry-after":
        res.setHeader("Retry-After", String(fault.seconds));
        return sendJson(res, 429, JSON.stringify({ error: "rate limited" }));
      case "timeout":
        return; // close() destroys the socket
      case "reset":
        req.socket.destroy();
        return;
      case "apply-then-reset":
        apply(received);
        req.socket.destroy();
        return;
      case "hook": {
        if (fault.apply === false) {
          await fault.run(received);
          req.socket.destroy();
          return;
        }
        const result = apply(received);
        await fault.run(received);
        return reply(res, result);
      }
      case undefined:
        return reply(res, apply(received));
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, JSON.stringify({ error: String(error) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/batches`,
    requests,
    applied,
    failNext: (...more) => void faults.push(...more),
    clearFaults: () => void faults.splice(0),
    setDown: (value) => void (down = value),
    held: (segment, keyColumn = "customer_id") => replay(applied, segment, keyColumn),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Hanging ("timeout") requests and idle keep-alive sockets would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

function replay(applied: ReceivedRequest[], segment: string, keyColumn: string): Map<string, Record<string, unknown>> {
  const held = new Map<string, Record<string, unknown>>();
  for (const r of applied) {
    if (r.body.segment !== segment) continue;
    for (const m of r.body.members) {
      if (r.body.action === "upsert") held.set(m[keyColumn], m);
      else held.delete(m[keyColumn]);
    }
  }
  return held;
}

function headerValue(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text; // kept raw so a test can see what a malformed request carried
  }
}

function sendJson(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "Content-Type": "application/json" }).end(body);
}
