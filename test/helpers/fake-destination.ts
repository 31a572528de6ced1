// A real HTTP server on 127.0.0.1 that behaves like an idempotent batch API (Stripe-style
// Idempotency-Key replay) and can be told to fail the next requests in the ways networks do.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Fault =
  | { kind: "status"; status: number; body?: string }
  | { kind: "retry-after"; seconds: number } // 429 with Retry-After
  | { kind: "timeout" } // accept the request, never answer (until closed)
  | { kind: "reset" } // destroy the socket before applying
  | { kind: "apply-then-reset" } // apply the batch, then destroy the socket (client never sees the OK)
  | { kind: "hook"; run: (req: ReceivedRequest) => void | Promise<void> }; // after applying, before answering

export interface ReceivedRequest {
  at: number;
  idempotencyKey: string | null;
  headers: IncomingHttpHeaders;
  body: any;
}

export interface FakeDestination {
  url: string;
  requests: ReceivedRequest[];
  applied: ReceivedRequest[];
  failNext(...faults: Fault[]): void;
  close(): Promise<void>;
}

interface ApplyResult {
  ok: true;
  accepted: number;
}

export async function startFakeDestination(): Promise<FakeDestination> {
  const requests: ReceivedRequest[] = [];
  const applied: ReceivedRequest[] = [];
  const faults: Fault[] = [];
  // The stored response per key is what makes a retry of an applied batch harmless.
  const responsesByKey = new Map<string, ApplyResult>();

  function apply(received: ReceivedRequest): ApplyResult {
    const key = received.idempotencyKey;
    const earlier = key === null ? undefined : responsesByKey.get(key);
    if (earlier) return earlier;
    const result: ApplyResult = { ok: true, accepted: Array.isArray(received.body?.members) ? received.body.members.length : 0 };
    applied.push(received);
    if (key !== null) responsesByKey.set(key, result);
    return result;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now(); // arrival time, before the body is read, so gaps measure the client's waits
    const received: ReceivedRequest = {
      at,
      idempotencyKey: headerValue(req.headers["idempotency-key"]),
      headers: req.headers,
      body: parseBody(await readBody(req)),
    };
    requests.push(received);
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
        const result = apply(received);
        await fault.run(received);
        return sendJson(res, 200, JSON.stringify(result));
      }
      case undefined:
        return sendJson(res, 200, JSON.stringify(apply(received)));
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
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Hanging ("timeout") requests and idle keep-alive sockets would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
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
