// The push benchmark's destination, in its own process so the sync's peak memory is its own: the
// test suite's idempotent fake server; prints its URL, then the members it applied when stdin closes.
import { startFakeDestination } from "../test/helpers/fake-destination.js";

const server = await startFakeDestination();
process.stdout.write(`${server.url}\n`);
process.stdin.resume();
process.stdin.on("end", async () => {
  const members = server.applied.reduce((n, r) => n + (r.body.members?.length ?? 0), 0);
  process.stdout.write(`${JSON.stringify({ requests: server.requests.length, applied: server.applied.length, members })}\n`);
  await server.close();
});
