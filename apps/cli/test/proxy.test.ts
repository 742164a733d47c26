import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ConnectProxy,
  startConnectProxy,
} from "../../../packages/client/test/support/connect-proxy.js";
import { serviceEnv } from "./support/run-cli.js";
import { runMain } from "./support/run-main.js";
import { useStandIn } from "./support/stand-in.js";

// Behind a proxy, as CI runners in companies reach a public cloud: HTTP_PROXY (or http_proxy) and
// NO_PROXY, honoured through undici's EnvHttpProxyAgent. The proxy is a loopback proxy that records
// what passed through it: undici opens a CONNECT tunnel to the target, for http:// too.

const start = useStandIn();
let proxy: ConnectProxy;
beforeAll(async () => {
  proxy = await startConnectProxy();
});
afterAll(() => proxy.close());

describe("a proxy from the environment", () => {
  it.each(["HTTP_PROXY", "http_proxy"])("%s carries every request", async (variable) => {
    proxy.tunnels.length = 0;
    const server = await start();
    const run = await runMain(["pending"], { ...serviceEnv(server.url), [variable]: proxy.url });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("job_0242");
    expect(server.seen.length).toBeGreaterThan(0);
    // Note: a tunnel may carry several requests; each one leads to the stand-in.
    expect(new Set(proxy.tunnels)).toEqual(new Set([new URL(server.url).host]));
  });

  it("is left out for the hosts NO_PROXY names", async () => {
    proxy.tunnels.length = 0;
    const server = await start();
    const run = await runMain(["pending"], {
      ...serviceEnv(server.url),
      HTTP_PROXY: proxy.url,
      NO_PROXY: "127.0.0.1",
    });
    expect(run.code, run.stderr).toBe(0);
    expect(server.seen.length).toBeGreaterThan(0);
    expect(proxy.tunnels).toEqual([]);
  });
});
