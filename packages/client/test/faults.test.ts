import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import {
  createDlfClient,
  DlfApiError,
  type DlfClientOptions,
  DlfTransportError,
  type RetryEvent,
} from "../src/index.js";
import { startFaultServer } from "./support/fault-server.js";
import { collectGarbage } from "./support/gc.js";

let server: Awaited<ReturnType<typeof startFaultServer>>;
let retries: RetryEvent[];

beforeEach(async () => {
  server = await startFaultServer({ kind: "json", status: 200, body: { data: [], total: 0 } });
  retries = [];
});
afterEach(() => {
  vi.restoreAllMocks();
  return server.close();
});

function client(options: Partial<DlfClientOptions> = {}) {
  return createDlfClient({
    baseUrl: server.url,
    projectId: "p1",
    workspace: "w1",
    credentials: { token: "t" },
    // Note: generous, so that a loaded machine never turns a slow answer into a timeout; the
    // tests about timeouts set a short one.
    timeoutMs: 10_000,
    retry: { baseDelayMs: 1, maxDelayMs: 5, onRetry: (event) => void retries.push(event) },
    ...options,
  });
}

const release = {
  apply_user_id: "u1",
  package_name: "pkg",
  pending_item_list: ["1"],
  approver_ids: ["a1"],
};

/**
 * A fetch whose first `hangs` calls never answer (they end only when the client aborts them) and
 * whose later ones answer an empty page at once, in-process. Every call is counted when made: unlike
 * a server that holds a request, nothing here can be outrun by a short timeout on a busy machine.
 */
function hangingFetch(hangs: number) {
  const calls: Request[] = [];
  const fetch = (request: Request) => {
    calls.push(request);
    if (calls.length > hangs) return Promise.resolve(Response.json({ data: [], total: 0 }));
    return new Promise<Response>((_, reject) => {
      request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
    });
  };
  return { fetch, calls };
}

/** The next answer: 429 APIG.0308, with Retry-After. */
const throttled = (retryAfter: string, requestId: string) =>
  server.script({
    kind: "json",
    status: 429,
    body: { error_code: "APIG.0308", error_msg: "throttled", request_id: requestId },
    headers: { "retry-after": retryAfter },
  });

describe("reads recover within the retry budget", () => {
  test("from a connection reset", async () => {
    server.script({ kind: "reset" });
    await expect(client().listFactoryPendingItems()).resolves.toEqual({ data: [], total: 0 });
    expect(server.requests).toHaveLength(2);
    expect(retries.map((r) => r.reason)).toEqual(["network"]);
  });

  test("a reset that outlasts the retries says what fetch said, and why", async () => {
    server.script({ kind: "reset" }, { kind: "reset" }, { kind: "reset" });
    const error = await client()
      .listFactoryPendingItems()
      .catch((e: unknown) => e);
    // Note: fetch's message and its cause's, which name the socket's fate.
    expect((error as Error).message).toMatch(/after 3 attempts: fetch failed: \S/);
  });

  test("from a burst of 503s", async () => {
    server.script({ kind: "json", status: 503, body: {} }, { kind: "json", status: 503, body: {} });
    await expect(client().listFactoryReleasePackages()).resolves.toEqual({ data: [], total: 0 });
    expect(server.requests).toHaveLength(3);
    expect(retries.map((r) => [r.operation, r.attempt, r.reason])).toEqual([
      ["listFactoryReleasePackages", 1, 503],
      ["listFactoryReleasePackages", 2, 503],
    ]);
  });

  test("from a 429, waiting as long as Retry-After says", async () => {
    throttled("1", "r1");
    const started = Date.now();
    await expect(client().showFactoryPackageDetail("4")).resolves.toEqual({ data: [], total: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(retries).toEqual([
      { operation: "showFactoryPackageDetail", attempt: 1, reason: 429, delayMs: 1000 },
    ]);
    expect(server.requests).toHaveLength(2);
  });

  test("from a hang past the timeout", async () => {
    const { fetch, calls } = hangingFetch(1);
    await expect(client({ timeoutMs: 100, fetch }).listFactoryPendingItems()).resolves.toEqual({
      data: [],
      total: 0,
    });
    expect(retries.map((r) => r.reason)).toEqual(["timeout"]);
    expect(calls).toHaveLength(2);
  });

  test("from a body cut off mid-way", async () => {
    server.script({ kind: "truncate", status: 200, body: '{"data":[{"item_name":"jo' });
    await expect(client().listFactoryPendingItems()).resolves.toEqual({ data: [], total: 0 });
    expect(retries.map((r) => r.reason)).toEqual(["network"]);
  });

  test("from a 504", async () => {
    server.script({ kind: "json", status: 504, body: {} });
    await expect(client().listFactoryPendingItems()).resolves.toEqual({ data: [], total: 0 });
    expect(retries.map((r) => r.reason)).toEqual([504]);
  });

  test("from an HTML 502 page", async () => {
    server.script({ kind: "text", status: 502, body: "<html><body>Bad Gateway</body></html>" });
    await expect(client().listFactoryPendingItems()).resolves.toEqual({ data: [], total: 0 });
    expect(retries.map((r) => r.reason)).toEqual([502]);
  });
});

describe("the waits between retries", () => {
  const busy = (count: number) =>
    server.script(...Array(count).fill({ kind: "json", status: 503, body: {} }));

  // Note: Math.random fixed, so that each full-jitter wait is a known share of its ceiling.
  test.each([
    ["double from baseDelayMs, each a random share of its ceiling", 4, 1000, [3, 7]],
    ["never exceed maxDelayMs", 1000, 5, [4, 4]],
  ])("%s", async (_, baseDelayMs, maxDelayMs, delays) => {
    vi.spyOn(Math, "random").mockReturnValue(0.999);
    busy(2);
    const onRetry = (event: RetryEvent) => void retries.push(event);
    await client({ retry: { baseDelayMs, maxDelayMs, onRetry } }).listFactoryPendingItems();
    expect(retries.map((r) => r.delayMs)).toEqual(delays);
  });

  test("Retry-After as an HTTP date is waited for until then, and an unreadable one is ignored", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.999);
    server.script(
      { kind: "json", status: 503, body: {}, headers: { "retry-after": "soon" } },
      { kind: "json", status: 503, body: {}, headers: { "retry-after": "x1" } },
      { kind: "json", status: 503, body: {}, headers: { "retry-after": "1x" } },
      {
        kind: "json",
        status: 503,
        body: {},
        headers: { "retry-after": new Date(Date.now() - 60_000).toUTCString() },
      },
    );
    const onRetry = (event: RetryEvent) => void retries.push(event);
    await client({
      retry: { maxAttempts: 5, baseDelayMs: 4, maxDelayMs: 1000, onRetry },
    }).listFactoryPendingItems();
    expect(retries.map((r) => r.delayMs)).toEqual([3, 7, 15, 0]);
  });

  test("by default: 3 attempts, from 200 ms, at most 5 s each", async () => {
    const random = vi.spyOn(Math, "random").mockReturnValue(0.001);
    random.mockReturnValueOnce(0.999);
    const onRetry = (event: RetryEvent) => void retries.push(event);
    busy(3);
    await expect(client({ retry: { onRetry } }).listFactoryPendingItems()).rejects.toMatchObject({
      status: 503,
    });
    expect(server.requests).toHaveLength(3);
    // Ceilings 200, 400, ... 3,200, then 5,000 rather than 6,400: 0.1% of each, floored.
    server.requests.length = 0;
    retries.length = 0;
    random.mockReturnValueOnce(0.999);
    busy(6);
    await client({ retry: { maxAttempts: 7, onRetry } }).listFactoryPendingItems();
    expect(retries.map((r) => r.delayMs)).toEqual([199, 0, 0, 1, 3, 5]);
  });
});

describe("when retries run out, the failure is typed", () => {
  test("a persistent HTML 502 becomes DlfApiError with the page as its body", async () => {
    const page = "<html><body>Bad Gateway</body></html>";
    server.script(...Array(3).fill({ kind: "text", status: 502, body: page }));
    const error = await client()
      .listFactoryPendingItems()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DlfApiError);
    expect(error).toMatchObject({
      status: 502,
      errorCode: undefined,
      body: page,
      retryable: true,
      operation: "listFactoryPendingItems",
    });
    expect(server.requests).toHaveLength(3);
  });

  test("a persistent hang becomes a timeout DlfTransportError naming the operation", async () => {
    const { fetch, calls } = hangingFetch(3);
    const error = await client({ timeoutMs: 100, fetch })
      .showFactoryPackageDetail("4")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DlfTransportError);
    expect(error).toMatchObject({
      reason: "timeout",
      operation: "showFactoryPackageDetail",
      attempts: 3,
    });
    expect((error as Error).message).toMatch(
      /showFactoryPackageDetail failed \(timeout\) after 3 attempts/,
    );
    expect(calls).toHaveLength(3);
  });

  test("a hang on a real connection ends at the timeout, a garbage collection in between", async () => {
    server.script({ kind: "hang" });
    const call = client({ timeoutMs: 1000, retry: false })
      .showFactoryPackageDetail("4")
      .catch((e: unknown) => e);
    await vi.waitFor(() => expect(server.requests).toHaveLength(1), { timeout: 60_000 });
    collectGarbage();
    expect(await call).toMatchObject({ reason: "timeout", attempts: 1 });
  });

  test("a Retry-After beyond the budget is not waited for", async () => {
    throttled("3600", "r9");
    const error = await client()
      .listFactoryPendingItems()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 429,
      errorCode: "APIG.0308",
      requestId: "r9",
      retryable: true,
    });
    expect(server.requests).toHaveLength(1);
  });

  test("an empty error body still gives status and request id", async () => {
    server.script({ kind: "text", status: 500, body: "", headers: { "x-request-id": "abc" } });
    const error = await client({ retry: false })
      .listFactoryPendingItems()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 500,
      body: undefined,
      requestId: "abc",
      errorCode: undefined,
    });
  });

  test("a 200 whose body is not JSON is an invalid-response DlfTransportError", async () => {
    server.script({ kind: "text", status: 200, body: "<html>login</html>" });
    const error = await client()
      .listFactoryPendingItems()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DlfTransportError);
    expect(error).toMatchObject({
      reason: "invalid-response",
      operation: "listFactoryPendingItems",
    });
    expect((error as Error).message).toMatch(/: the answer is not valid JSON \(/);
  });

  test("a 200 without a body is an invalid-response DlfTransportError", async () => {
    server.script({ kind: "text", status: 200, body: "" });
    await expect(client().listFactoryPendingItems()).rejects.toMatchObject({
      reason: "invalid-response",
      message:
        "listFactoryPendingItems failed (invalid-response): HTTP 200 came with an empty body",
    });
  });

  test("a caller's abort stops waiting between retries", async () => {
    // Note: Retry-After fixes the wait at 30 s; a jittered backoff could be short enough to retry.
    server.script({ kind: "json", status: 503, body: {}, headers: { "retry-after": "30" } });
    const controller = new AbortController();
    // Note: the abort comes once the wait has begun, whatever the machine's speed.
    const error = await client({
      retry: {
        onRetry: (event) => {
          retries.push(event);
          setTimeout(() => controller.abort(), 0);
        },
      },
    })
      .listFactoryPendingItems({}, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: "aborted", operation: "listFactoryPendingItems" });
    expect(server.requests).toHaveLength(1);
    expect(retries).toEqual([
      { operation: "listFactoryPendingItems", attempt: 1, reason: 503, delayMs: 30_000 },
    ]);
  });

  // Note: a real socket that stalls, so that Node's fetch is aborted mid-request; whether the
  // request reached the server by then does not change the outcome.
  test("a per-call timeout overrides the client's", async () => {
    server.script({ kind: "hang" });
    const error = await client({ timeoutMs: 60_000, retry: false })
      .listFactoryPendingItems({}, { timeoutMs: 100 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: "timeout" });
    expect((error as Error).message).toMatch(/within 100 ms/);
  });
});

describe("a release is never sent twice", () => {
  test.each([
    ["a connection reset", "network"],
    ["a hang past the timeout", "timeout"],
  ])("after %s it is sent once and says to check before resending", async (_, reason) => {
    // Note: the reset comes from the real server, within the default (generous) timeout.
    const hang = reason === "timeout" ? hangingFetch(1) : undefined;
    if (reason === "network") server.script({ kind: "reset" });
    const error = await client(hang ? { timeoutMs: 100, fetch: hang.fetch } : {})
      .createFactoryPendingItemsPackage(release)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DlfTransportError);
    expect(error).toMatchObject({
      reason,
      operation: "createFactoryPendingItemsPackage",
      attempts: 1,
    });
    expect((error as Error).message).toMatch(
      /^createFactoryPendingItemsPackage failed \((network|timeout)\) after 1 attempt: .*check listFactoryReleasePackages before sending it again$/,
    );
    expect(hang?.calls.length ?? server.requests.length).toBe(1);
    expect(retries).toEqual([]);
  });

  test.each([503, 502, 504, 429])("after a %i it reaches the server once", async (status) => {
    server.script({ kind: "json", status, body: { error_code: "APIG.0202", error_msg: "x" } });
    await expect(client().createFactoryPendingItemsPackage(release)).rejects.toMatchObject({
      status,
    });
    expect(server.requests).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  test("through raw as well", async () => {
    server.script({ kind: "json", status: 503, body: {} });
    const { response } = await client().raw.POST("/v2/{project_id}/factory/pending-items/package", {
      params: { path: { project_id: "p1" }, header: { workspace: "w1" } },
      body: release,
    });
    expect(response.status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });
});
