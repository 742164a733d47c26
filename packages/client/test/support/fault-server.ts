import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted answer of the fault server. */
export type Fault =
  | { kind: "json"; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: "text"; status: number; body: string; headers?: Record<string, string> }
  | { kind: "reset" }
  | { kind: "hang" }
  | { kind: "truncate"; status: number; body: string };

/** A request as the server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/**
 * A loopback HTTP server that answers from a script, one fault per request, and then the fallback.
 * Every request is recorded, so that a test can count what reached the server.
 */
export async function startFaultServer(fallback: Fault = { kind: "json", status: 200, body: {} }) {
  const script: Fault[] = [];
  const requests: SeenRequest[] = [];
  const hanging = new Set<ServerResponse>();

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    requests.push({
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
    });
    const fault = script.shift() ?? fallback;
    switch (fault.kind) {
      case "json":
        res.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
        res.end(JSON.stringify(fault.body));
        return;
      case "text":
        res.writeHead(fault.status, { "content-type": "text/html", ...fault.headers });
        res.end(fault.body);
        return;
      case "reset":
        req.socket.destroy();
        return;
      case "hang":
        hanging.add(res);
        return;
      case "truncate":
        res.writeHead(fault.status, {
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(fault.body) + 100),
        });
        res.write(fault.body);
        setTimeout(() => req.socket.destroy(), 5);
        return;
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Queues faults for the next requests, in order. */
    script(...faults: Fault[]) {
      script.push(...faults);
    },
    async close() {
      for (const res of hanging) res.socket?.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}
