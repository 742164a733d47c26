import { once } from "node:events";
import { createServer } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceEnv } from "./support/run-cli.js";
import { runMain } from "./support/run-main.js";
import { useStandIn } from "./support/stand-in.js";

// Behind a proxy, as CI runners in companies reach a public cloud: HTTP_PROXY (or http_proxy) and
// NO_PROXY, honoured through undici's EnvHttpProxyAgent. The proxy is a loopback proxy that records
// what passed through it: undici opens a CONNECT tunnel to the target, for http:// too.

const start = useStandIn();
const passed: string[] = [];
const proxy = createServer((_, response) => {
  response.writeHead(405).end("only CONNECT");
});
proxy.on("connect", (incoming, client, head) => {
  passed.push(`CONNECT ${incoming.url}`);
  const [host, port] = (incoming.url ?? "").split(":");
  const upstream = connect(Number(port), host, () => {
    client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    upstream.write(head);
    upstream.pipe(client).pipe(upstream);
  });
  upstream.on("error", () => client.destroy());
  client.on("error", () => upstream.destroy());
});
let proxyUrl: string;

beforeAll(async () => {
  proxy.listen(0, "127.0.0.1");
  await once(proxy, "listening");
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(() => {
  proxy.closeAllConnections();
  proxy.close();
});

describe("a proxy from the environment", () => {
  it.each(["HTTP_PROXY", "http_proxy"])("%s carries every request", async (variable) => {
    passed.length = 0;
    const server = await start();
    const run = await runMain(["pending"], { ...serviceEnv(server.url), [variable]: proxyUrl });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("job_0242");
    expect(server.seen.length).toBeGreaterThan(0);
    // Note: a tunnel may carry several requests; each one leads to the stand-in.
    expect(new Set(passed)).toEqual(new Set([`CONNECT ${new URL(server.url).host}`]));
  });

  it("is left out for the hosts NO_PROXY names", async () => {
    passed.length = 0;
    const server = await start();
    const run = await runMain(["pending"], {
      ...serviceEnv(server.url),
      HTTP_PROXY: proxyUrl,
      NO_PROXY: "127.0.0.1",
    });
    expect(run.code, run.stderr).toBe(0);
    expect(server.seen.length).toBeGreaterThan(0);
    expect(passed).toEqual([]);
  });
});
