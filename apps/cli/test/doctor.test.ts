import { once } from "node:events";
import { readFileSync } from "node:fs";
import {
  createServer as createHttpServer,
  type Server as HttpServer,
  type RequestListener,
} from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import { type AddressInfo, createServer as createTcpServer, type Server } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ConnectProxy,
  startConnectProxy,
} from "../../../packages/client/test/support/connect-proxy.js";
import { collectGarbage } from "../../../packages/client/test/support/gc.js";
import type { StandIn, StandInOptions } from "../sandbox/server.js";
import { runCli, serviceEnv } from "./support/run-cli.js";
import { runMain } from "./support/run-main.js";
import { jsonOf } from "./support/schemas.js";
import { manyItems, manyPackages, useStandIn } from "./support/stand-in.js";

// `dlf-release doctor` against stand-ins that each break one thing: a skewed clock, a refused
// signature, a 403, a refused workspace, answers that drifted, record offsets, a hang, a proxy,
// an intercepting TLS proxy. Every run is read through doctor's published JSON Schema.

const start = useStandIn();
const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

const MINUTE = 60_000;
/** The settings of an AK/SK user (the secret key is a test value, never printed). */
const akSkEnv = (url: string) => ({
  DLF_BASE_URL: url,
  HUAWEICLOUD_SDK_AK: "DOCTORTESTACCESSKEY",
  HUAWEICLOUD_SDK_SK: "doctor-test-secret-key-not-printed",
  HUAWEICLOUD_SDK_PROJECT_ID: "my-project",
  DLF_WORKSPACE: "my-workspace",
});

type Check = {
  id: string;
  verdict: string;
  detail: string;
  fix: string | null;
  findings: string[];
};

/** Runs doctor --json in-process; its checks by id, and its exit code. */
async function doctor(env: Record<string, string>, args: string[] = []) {
  const run = await runMain(["doctor", "--json", ...args], env);
  const document = jsonOf(run.stdout, "doctor");
  const checks = Object.fromEntries(
    (document.checks as Check[]).map((check) => [check.id, check]),
  ) as Record<string, Check>;
  expect(document.exit_code).toBe(run.code);
  return { code: run.code, checks, stderr: run.stderr, stdout: run.stdout };
}

const verdicts = (checks: Record<string, Check>) =>
  Object.fromEntries(Object.entries(checks).map(([id, check]) => [id, check.verdict]));

/** The requests that carried an AK/SK signature. */
const signed = (standIn: StandIn) => standIn.seen.filter((seen) => seen.headers["x-sdk-date"]);

async function standIn(options: StandInOptions = {}) {
  return start({
    pending: manyItems(3),
    accessKeys: { DOCTORTESTACCESSKEY: "doctor-test-secret-key-not-printed" },
    ...options,
  });
}

describe("against a service that works", () => {
  it("passes every check, with AK/SK and with a token, and says where each setting came from", async () => {
    const server = await standIn();
    for (const env of [akSkEnv(server.url), serviceEnv(server.url)]) {
      const { code, checks } = await doctor(env);
      expect(verdicts(checks)).toEqual({
        settings: "pass",
        endpoint: "pass",
        clock: "pass",
        credentials: "pass",
        permission: "pass",
        contract: "pass",
        offset: "pass",
      });
      expect(code).toBe(0);
      expect(checks.settings?.findings).toContain("workspace: my-workspace (env)");
      expect(checks.settings?.findings).toContain("offset mode: page (default)");
      expect(checks.settings?.findings).toContain("proxy: none (no HTTP(S)_PROXY is set)");
      expect(checks.offset?.detail).toContain("offset counts pages");
    }
    expect(signed(server).length).toBeGreaterThan(0);
  });

  it("prints one line per check, its verdict first, and exits 0", async () => {
    const server = await standIn();
    const run = await runMain(["doctor"], serviceEnv(server.url));
    expect(run.code, run.stderr).toBe(0);
    const verdictLines = run.stdout.split("\n").filter((line) => /^[A-Z]{4} {2}/.test(line));
    expect(verdictLines.map((line) => line.split(/\s+/).slice(0, 2).join(" "))).toEqual([
      "PASS settings",
      "PASS endpoint",
      "PASS clock",
      "PASS credentials",
      "PASS permission",
      "PASS contract",
      "PASS offset",
    ]);
    expect(run.stdout).toContain("credentials: IAM token (env)");
  });
});

describe("settings", () => {
  it("missing ones fail with exit 2, after the endpoint and the clock, which need none of them", async () => {
    const server = await standIn();
    const { code, checks } = await doctor({ DLF_BASE_URL: server.url });
    expect(code).toBe(2);
    expect(checks.settings?.verdict).toBe("fail");
    expect(checks.settings?.fix).toContain("HUAWEICLOUD_SDK_PROJECT_ID");
    expect(checks.settings?.fix).toContain("DLF_WORKSPACE");
    expect(checks.settings?.fix).toContain("DLF_TOKEN");
    expect(verdicts(checks)).toMatchObject({
      endpoint: "pass",
      clock: "pass",
      credentials: "skip",
    });
    expect(server.seen.map((seen) => seen.url)).toEqual(["/"]);
  });

  it("an unknown region is named, and nothing is sent", async () => {
    const { code, checks } = await doctor({ DLF_REGION: "mars-1", DLF_TOKEN: "t" });
    expect(code).toBe(2);
    expect(checks.settings?.fix).toMatch(/^--region: region must be one of/);
    expect(checks.endpoint?.verdict).toBe("skip");
  });
});

describe("endpoint", () => {
  it("a refused connection is named", async () => {
    const closed = await freePort();
    const { code, checks } = await doctor(serviceEnv(`http://127.0.0.1:${closed}`));
    expect(code).toBe(1);
    expect(checks.endpoint).toMatchObject({
      verdict: "fail",
      detail: `127.0.0.1:${closed} refused the connection`,
    });
    expect(checks.clock?.verdict).toBe("skip");
  });

  it("a connection that hangs fails at the deadline, named as a hang, a collection in between", async () => {
    const silent = await listenSilently(collectGarbage);
    const { code, checks } = await doctor(serviceEnv(silent), ["--request-timeout", "300ms"]);
    expect(code).toBe(1);
    expect(checks.endpoint?.detail).toMatch(/no answer from 127\.0\.0\.1:\d+ within 0\.3s.*hangs/);
  });

  it("a name that does not resolve is named", async () => {
    const { checks } = await doctor(serviceEnv("http://dlf-release-doctor.invalid"));
    expect(checks.endpoint?.detail).toMatch(
      /the name dlf-release-doctor\.invalid does not resolve/,
    );
  });

  it("a certificate chain with an unknown root (a TLS-intercepting proxy) points to NODE_EXTRA_CA_CERTS; with it, the endpoint passes", async () => {
    const url = await intercepted();
    const { checks } = await doctor(serviceEnv(url));
    expect(checks.endpoint?.verdict).toBe("fail");
    expect(checks.endpoint?.detail).toContain("SELF_SIGNED_CERT_IN_CHAIN");
    expect(checks.endpoint?.fix).toContain("NODE_EXTRA_CA_CERTS");

    // Note: Node reads NODE_EXTRA_CA_CERTS when it starts, hence the built bin in a process.
    const trusted = await runCli(["doctor", "--json"], {
      ...serviceEnv(url),
      NODE_EXTRA_CA_CERTS: fixture("ca.crt"),
    });
    const endpoint = jsonOf(trusted.stdout, "doctor").checks[1];
    expect(endpoint).toMatchObject({ id: "endpoint", verdict: "pass" });
  });

  it("goes through the proxy in effect, and names it with its password masked", async () => {
    const server = await standIn();
    const proxy = await proxyOnce();
    const withPassword = proxy.url.replace("//", "//ci:hunter2@");
    const { code, checks, stdout } = await doctor({
      ...serviceEnv(server.url),
      HTTP_PROXY: withPassword,
    });
    expect(code).toBe(0);
    expect(checks.settings?.findings).toContain(
      `proxy: ${proxy.url.replace("//", "//***@")} (HTTP_PROXY)`,
    );
    expect(stdout).not.toContain("hunter2");
    expect(new Set(proxy.tunnels)).toEqual(new Set([new URL(server.url).host]));
  });

  it("a proxy that wants credentials (407 to CONNECT) is named, and so is the fix", async () => {
    const server = await standIn();
    const { checks } = await doctor({
      ...serviceEnv(server.url),
      HTTP_PROXY: await listen((_, response) => response.writeHead(405).end(), {
        connect: (socket) => socket.end("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n"),
      }),
    });
    expect(checks.endpoint?.detail).toMatch(
      /^the proxy http:\/\/127\.0\.0\.1:\d+ answered HTTP 407/,
    );
    expect(checks.endpoint?.fix).toContain("user:password@");
    expect(server.seen).toEqual([]);
  });

  it("NO_PROXY that lists the endpoint's host leaves the proxy out, and says so", async () => {
    const server = await standIn();
    const proxy = await proxyOnce();
    const { code, checks } = await doctor({
      ...serviceEnv(server.url),
      HTTPS_PROXY: proxy.url,
      HTTP_PROXY: proxy.url,
      NO_PROXY: "example.com, 127.0.0.1",
    });
    expect(code).toBe(0);
    expect(checks.settings?.findings).toContain(
      "proxy: none (NO_PROXY (example.com, 127.0.0.1) lists 127.0.0.1)",
    );
    expect(proxy.tunnels).toEqual([]);
  });

  it("a proxy that refuses connections is named as the cause", async () => {
    const closed = await freePort();
    const server = await standIn();
    const { checks } = await doctor({
      ...serviceEnv(server.url),
      HTTP_PROXY: `http://127.0.0.1:${closed}`,
    });
    expect(checks.endpoint?.detail).toBe(
      `the proxy http://127.0.0.1:${closed} refused the connection`,
    );
    expect(server.seen).toEqual([]);
  });
});

describe("clock", () => {
  it("20 minutes off fails for AK/SK, and nothing signed is sent (it would count towards the lock)", async () => {
    const server = await standIn({ clockSkewMs: 20 * MINUTE });
    const { code, checks, stdout } = await doctor(akSkEnv(server.url));
    expect(code).toBe(1);
    // Note: the Date header counts whole seconds, and a busy machine adds its own delay.
    expect(checks.clock?.detail).toMatch(/clock is (19|20)m \d+s behind the gateway's.*APIG\.0303/);
    expect(checks.credentials?.verdict).toBe("skip");
    expect(signed(server)).toEqual([]);
    expect(stdout).not.toContain("doctor-test-secret-key");
  });

  it("20 minutes off only warns with a token, whose calls are not signed", async () => {
    const server = await standIn({ clockSkewMs: -20 * MINUTE });
    const { code, checks } = await doctor(serviceEnv(server.url));
    expect(code).toBe(0);
    expect(checks.clock).toMatchObject({ verdict: "warn" });
    expect(checks.clock?.detail).toMatch(/clock is (19|20)m \d+s ahead of the gateway's/);
    expect(checks.credentials?.verdict).toBe("pass");
  });

  it("an answer without a Date header warns that the clock was not compared", async () => {
    const url = await listen((_, response) => {
      response.sendDate = false;
      response.writeHead(404).end();
    });
    const { checks } = await doctor(serviceEnv(url));
    expect(checks.clock).toMatchObject({ verdict: "warn" });
    expect(checks.clock?.detail).toContain("no readable Date header");
  });

  it("5 minutes off warns, and the AK/SK calls go on", async () => {
    const server = await standIn({ clockSkewMs: 5 * MINUTE });
    const { code, checks } = await doctor(akSkEnv(server.url));
    expect(code).toBe(0);
    expect(checks.clock?.verdict).toBe("warn");
    expect(checks.credentials?.verdict).toBe("pass");
  });
});

describe("credentials", () => {
  it("a refused signature is tried once, explained, and exits 5", async () => {
    const server = await standIn({ faults: [{ name: "bad-signature" }] });
    const { code, checks } = await doctor(akSkEnv(server.url));
    expect(code).toBe(5);
    expect(checks.credentials?.detail).toContain("401 APIG.0301");
    expect(checks.credentials?.fix).toContain("lock");
    expect(verdicts(checks)).toMatchObject({
      permission: "skip",
      contract: "skip",
      offset: "skip",
    });
    expect(signed(server)).toHaveLength(1);
  });

  it("a signature refused as expired (APIG.0303) points to the clock", async () => {
    const server = await standIn({ faults: [{ name: "signature-expired" }] });
    const { code, checks } = await doctor(akSkEnv(server.url));
    expect(code).toBe(5);
    expect(checks.credentials?.detail).toContain("refused as expired (401 APIG.0303)");
    expect(checks.credentials?.fix).toContain("clock");
    expect(signed(server)).toHaveLength(1);
  });

  it("a host that is not DataArts Factory's (404 APIG.0101) is named, with the region to check", async () => {
    const url = await listen((_, response) => {
      response.writeHead(404, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          error_code: "APIG.0101",
          error_msg: "The API does not exist",
          request_id: "r1",
        }),
      );
    });
    const { code, checks } = await doctor(serviceEnv(url));
    expect(code).toBe(1);
    expect(checks.endpoint?.verdict).toBe("pass");
    expect(checks.credentials?.detail).toContain("404 APIG.0101");
    expect(checks.credentials?.fix).toContain("--region");
  });

  it("a read that hangs fails at the request timeout", async () => {
    const server = await standIn({
      faults: [{ name: "hang", operation: "listFactoryReleasePackages", times: 3 }],
    });
    const { code, checks } = await doctor(serviceEnv(server.url), ["--request-timeout", "300ms"]);
    expect(code).toBe(1);
    expect(checks.credentials?.detail).toMatch(/listFactoryReleasePackages failed \(timeout\)/);
  });

  it("an expired token is explained as such", async () => {
    const server = await standIn({ faults: [{ name: "token-expired" }] });
    const { code, checks } = await doctor(serviceEnv(server.url));
    expect(code).toBe(5);
    expect(checks.credentials?.detail).toContain("the token was refused (401 APIG.0301)");
  });
});

describe("permission and workspace", () => {
  it("403 APIG.0302 on any call fails with exit 5 and names the role", async () => {
    const server = await standIn({
      faults: [{ name: "forbidden", operation: "listFactoryReleasePackages", times: 1 }],
    });
    const { code, checks } = await doctor(serviceEnv(server.url));
    expect(code).toBe(5);
    expect(checks.credentials?.verdict).toBe("pass");
    expect(checks.permission?.detail).toContain("APIG.0302");
    expect(checks.permission?.fix).toContain("DataArts Studio role");
    expect(server.calls("listFactoryPendingItems")).toEqual([]);
  });

  it("403 APIG.0302 on the workspace only asks for a role in that workspace", async () => {
    const server = await standIn({
      faults: [{ name: "forbidden", operation: "listFactoryPendingItems", times: 1 }],
    });
    const { code, checks } = await doctor(serviceEnv(server.url));
    expect(code).toBe(5);
    expect(checks.credentials?.verdict).toBe("pass");
    expect(checks.permission?.detail).toMatch(/refused workspace my-workspace: .*APIG\.0302/);
    expect(checks.permission?.fix).toContain("a role in this workspace");
  });

  it("a workspace the service refuses, while it answers without one, is named", async () => {
    const server = await standIn({
      faults: [{ name: "invalid-parameter", operation: "listFactoryPendingItems", times: 1 }],
    });
    const { code, checks } = await doctor(serviceEnv(server.url));
    expect(code).toBe(5);
    expect(checks.permission?.detail).toMatch(/refused workspace my-workspace: .*DLF\.3051/);
    expect(checks.permission?.fix).toContain("workspace ID");
    expect(server.calls("listFactoryReleasePackages")[0]?.headers.workspace).toBeUndefined();
  });
});

describe("the live contract", () => {
  it("a field the spec does not list and an enum value it does not know are drift: a warning with their paths", async () => {
    const server = await standIn({
      packages: manyPackages(1),
      alter: (operationId, body) => {
        const answer = structuredClone(body) as Record<string, unknown>;
        if (operationId === "listFactoryPendingItems") {
          for (const item of answer.data as Array<Record<string, unknown>>) item.risk_level = "low";
        }
        if (operationId === "showFactoryPackageDetail") {
          (answer.release_package as Record<string, unknown>).deploy_status = 4;
        }
        return answer;
      },
    });
    const { code, checks } = await doctor(serviceEnv(server.url));
    expect(code).toBe(0);
    expect(checks.contract?.verdict).toBe("warn");
    // Note: a drift monitor wants it red.
    expect((await doctor(serviceEnv(server.url), ["--fail-on-drift"])).code).toBe(1);
    expect(checks.contract?.findings).toEqual([
      "listFactoryPendingItems 200: /data/* must NOT have additional properties (risk_level)",
      "showFactoryPackageDetail 200: /release_package/deploy_status must be equal to one of the allowed values (1, 2, 3, 5)",
    ]);
  });
});

describe("offset", () => {
  it("a service whose offset counts records fails the default page mode and says what to set", async () => {
    const server = await standIn({ offsetMode: "record" });
    const { code, checks } = await doctor(serviceEnv(server.url));
    expect(code).toBe(1);
    expect(checks.offset?.detail).toContain("offset counts records");
    expect(checks.offset?.fix).toContain("--offset-mode record");
    const fixed = await doctor({ ...serviceEnv(server.url), DLF_OFFSET_MODE: "record" });
    expect(fixed.checks.offset?.verdict).toBe("pass");
  });

  it("with too few pending items it reads packages; with too few of both it says it cannot tell", async () => {
    const packages = await standIn({ pending: manyItems(1), packages: manyPackages(4) });
    expect((await doctor(serviceEnv(packages.url))).checks.offset?.detail).toContain(
      "began at the third of the release packages",
    );
    const empty = await standIn({ pending: manyItems(2) });
    expect((await doctor(serviceEnv(empty.url))).checks.offset?.verdict).toBe("skip");
  });

  it("a page shorter than asked while total says more exist is a cap on limit", async () => {
    const server = await standIn({
      alter: (operationId, body, query) =>
        operationId === "listFactoryPendingItems" && query.get("limit") === "3"
          ? { ...(body as object), data: (body as { data: unknown[] }).data.slice(0, 2) }
          : body,
    });
    const { checks } = await doctor(serviceEnv(server.url));
    expect(checks.offset).toMatchObject({ verdict: "warn" });
    expect(checks.offset?.detail).toBe(
      "asked for 3 pending items, got 2 while total says 3: the service caps limit",
    );
  });

  it("an offset that is ignored (or counts pages from 1) fits neither mode, and fails", async () => {
    let server: StandIn | undefined;
    server = await standIn({
      alter: (operationId, body, query) =>
        operationId === "listFactoryPendingItems" && query.get("offset") === "1"
          ? { ...(body as object), data: server?.state.pendingItems().slice(0, 2) }
          : body,
    });
    const { code, checks } = await doctor(serviceEnv(server.url));
    expect(code).toBe(1);
    expect(checks.offset?.detail).toContain("began at the first of the pending items");
  });

  it("a list that moves under the probe gives no verdict", async () => {
    let probes = 0;
    const server: StandIn = await standIn({
      onRequest: (seen) => {
        // Note: a new item arrives between the probe's first and last page.
        if (seen.url.includes("limit=2&offset=1") && ++probes === 1) {
          server.state.pending.unshift({ ...manyItems(1)[0], pending_item_id: "9000" });
        }
      },
    });
    const { checks } = await doctor(serviceEnv(server.url));
    expect(checks.offset).toMatchObject({ verdict: "warn" });
    expect(checks.offset?.detail).toContain("changed while they were read");
  });
});

function fixture(name: string): string {
  return fileURLToPath(new URL(`fixtures/tls/${name}`, import.meta.url));
}

/** A port that nothing listens on. */
async function freePort(): Promise<number> {
  const server = createTcpServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, "close");
  return port;
}

/** Listens on a free port of 127.0.0.1, closed after the test; its URL. */
async function served(server: HttpServer | HttpsServer, scheme: "http" | "https"): Promise<string> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  closers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A loopback HTTP server; `connect` answers CONNECT requests (a proxy). */
function listen(
  handler: RequestListener,
  on: { connect?: (socket: import("node:stream").Duplex) => void } = {},
): Promise<string> {
  const server = createHttpServer(handler);
  if (on.connect) server.on("connect", (_, socket) => on.connect?.(socket));
  return served(server, "http");
}

/** A server that takes connections, tells `onConnection`, and never answers. */
async function listenSilently(onConnection = () => {}): Promise<string> {
  const server: Server = createTcpServer(() => onConnection()).listen(0, "127.0.0.1");
  await once(server, "listening");
  closers.push(() => server.close());
  const sockets = new Set<import("node:net").Socket>();
  server.on("connection", (socket) => sockets.add(socket));
  closers.push(() => {
    for (const socket of sockets) socket.destroy();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An HTTPS endpoint whose chain ends in a root Node does not know, as behind an intercepting proxy. */
function intercepted(): Promise<string> {
  const server = createHttpsServer(
    {
      key: readFileSync(fixture("server.key")),
      cert: `${readFileSync(fixture("server.crt"))}${readFileSync(fixture("ca.crt"))}`,
    },
    (_, response) => response.writeHead(404).end(),
  );
  return served(server, "https");
}

async function proxyOnce(): Promise<ConnectProxy> {
  const proxy = await startConnectProxy();
  closers.push(() => proxy.close());
  return proxy;
}
