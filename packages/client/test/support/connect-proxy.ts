import { once } from "node:events";
import { createServer } from "node:http";
import { type AddressInfo, connect } from "node:net";

/** A loopback proxy that tunnels CONNECT requests, as corporate proxies do, and records them. */
export interface ConnectProxy {
  url: string;
  /** The target (host:port) of every tunnel opened, in order. */
  readonly tunnels: string[];
  close(): void;
}

/** Starts a CONNECT proxy on a free port of 127.0.0.1; any other request gets 405. */
export async function startConnectProxy(): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const proxy = createServer((_, response) => {
    response.writeHead(405).end("only CONNECT");
  });
  proxy.on("connect", (request, client, head) => {
    tunnels.push(request.url ?? "");
    const [host, port] = (request.url ?? "").split(":");
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  proxy.listen(0, "127.0.0.1");
  await once(proxy, "listening");
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    tunnels,
    close: () => {
      proxy.closeAllConnections();
      proxy.close();
    },
  };
}
