import { ProxyAgent, fetch as undiciFetch } from "undici";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createDlfClient } from "../src/index.js";
import { type ConnectProxy, startConnectProxy } from "./support/connect-proxy.js";
import { type Gateway, startGateway } from "./support/gateway.js";

// Through a corporate proxy, as the README shows it: a fetch on undici's ProxyAgent, here to a
// loopback proxy that tunnels CONNECT requests and records them, in front of the gateway that
// checks every AK/SK signature.

const KEYS = { accessKey: "AK-PROXY", secretKey: "sk-proxy" };
let gateway: Gateway;
let proxy: ConnectProxy;

beforeAll(async () => {
  gateway = await startGateway({
    credentials: new Map([[KEYS.accessKey, { secretKey: KEYS.secretKey }]]),
    handler: () => ({ json: { data: [{ pending_item_id: "1" }], total: 1 } }),
  });
  proxy = await startConnectProxy();
});

afterAll(async () => {
  proxy.close();
  await gateway.close();
});

test("a fetch on undici's ProxyAgent sends every call through the proxy, signed", async () => {
  const dispatcher = new ProxyAgent(proxy.url);
  const dlf = createDlfClient({
    baseUrl: gateway.url,
    projectId: "p1",
    workspace: "w1",
    credentials: KEYS,
    fetch: async (request) =>
      undiciFetch(request.url, {
        method: request.method,
        headers: Object.fromEntries(request.headers),
        body: request.body && (await request.arrayBuffer()),
        signal: request.signal,
        dispatcher,
      }) as unknown as Promise<Response>,
  });
  await expect(dlf.listFactoryPendingItems({ limit: 1 })).resolves.toEqual({
    data: [{ pending_item_id: "1" }],
    total: 1,
  });
  await expect(dlf.listFactoryReleasePackages({ key_word: "nightly" })).resolves.toBeDefined();
  // Note: undici may open a tunnel per connection; each must lead to the gateway.
  expect(proxy.tunnels.length).toBeGreaterThan(0);
  expect(new Set(proxy.tunnels)).toEqual(new Set([new URL(gateway.url).host]));
  expect(gateway.requests.map((r) => r.method)).toEqual(["GET", "POST"]);
  expect(gateway.rejections).toEqual([]);
  await dispatcher.close();
});
