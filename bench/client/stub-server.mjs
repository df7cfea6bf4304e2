// Loopback stub for the per-call overhead figure: answers the workflow status summary route with a
// fixed small JSON body and prints its port. Nothing else is served.
import { createServer } from "node:http";

const body = JSON.stringify({ workflowId: "wf-1", correlationId: null, status: "RUNNING", output: {}, variables: {} });
const server = createServer((req, res) => {
  if (req.method === "GET" && /^\/api\/workflow\/[^/]+\/status(\?|$)/.test(req.url)) {
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  res.writeHead(404, { "content-type": "application/json" });
  res.end('{"status":404,"message":"not stubbed"}');
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`PORT ${server.address().port}\n`));
process.on("SIGTERM", () => process.exit(0));
