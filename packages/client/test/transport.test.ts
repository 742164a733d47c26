import { describe, expect, test, vi } from "vitest";
import { CallRequest } from "../src/call-request.js";
import type { Answer, Engine, Outgoing } from "../src/engine.js";
import { DlfTransportError } from "../src/errors.js";
import { routeOf } from "../src/operations.js";
import { createTransport } from "../src/transport.js";

const URL_READ = "http://127.0.0.1:1/v2/p1/factory/pending-items?limit=1";

/** A transport on an engine that answers at once with `answer`, counting what it was asked. */
function transportAnswering(answer: Partial<Answer>, maxAttempts = 1) {
  const sent: Outgoing[] = [];
  const engine: Engine = (outgoing) => {
    sent.push(outgoing);
    return {
      answer: Promise.resolve({
        status: 200,
        statusText: "OK",
        headers: [],
        body: new Uint8Array(0),
        ...answer,
      }),
      abort: () => undefined,
    };
  };
  const send = createTransport({
    engine,
    timeoutMs: 1000,
    retry: { maxAttempts, baseDelayMs: 1, maxDelayMs: 1, budgetMs: 1000 },
    random: () => 0,
    authorize: undefined,
  });
  return { send: (request = new Request(URL_READ)) => send(request), sent };
}

const encoder = new TextEncoder();
const ANSWER: Answer = { status: 200, statusText: "OK", headers: [], body: encoder.encode("{}") };

/** The transport's Response and, for comparison, a Response built on the same bytes. */
async function both(body: string, headers: string[] = ["Content-Type", "application/json"]) {
  const init = { status: 200, statusText: "OK", headers: pairs(headers) };
  const ours = await transportAnswering({ headers, body: encoder.encode(body) }).send();
  return { ours, real: new Response(encoder.encode(body), init) };
}

function pairs(flat: string[]): [string, string][] {
  const result: [string, string][] = [];
  for (let i = 0; i < flat.length; i += 2) result.push([flat[i]!, flat[i + 1]!]);
  return result;
}

describe("the Response a transport hands back", () => {
  test("is a Response with the answer's status, status text and headers", async () => {
    const headers = ["Content-Type", "text/plain", "X-A", "1", "x-a", "2"];
    const { ours, real } = await both("hi", [...headers, "Set-Cookie", "a=1", "Set-Cookie", "b=2"]);
    expect(ours).toBeInstanceOf(Response);
    expect([ours.status, ours.statusText, ours.ok]).toEqual([200, "OK", true]);
    expect([...ours.headers]).toEqual([...real.headers]);
    expect(ours.headers.get("x-a")).toBe("1, 2");
    expect(ours.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
  });

  test.each(["text", "json", "arrayBuffer", "bytes", "blob", "formData"] as const)(
    "%s() reads the body as a Response's would",
    async (method) => {
      const body = method === "formData" ? "a=1&b=%C3%A9" : '{"data":["é",1],"total":1}';
      const type = method === "formData" ? "application/x-www-form-urlencoded" : "application/json";
      const { ours, real } = await both(body, ["Content-Type", type]);
      const [mine, theirs] = await Promise.all([ours[method](), real[method]()]);
      if (mine instanceof Blob && theirs instanceof Blob) {
        expect(mine.type).toBe(theirs.type);
        expect(await mine.text()).toBe(await theirs.text());
      } else if (mine instanceof FormData && theirs instanceof FormData) {
        expect([...mine]).toEqual([...theirs]);
      } else {
        expect(mine).toEqual(theirs);
      }
      expect(ours.bodyUsed).toBe(real.bodyUsed);
    },
  );

  test("a body read once cannot be read again, as with a Response", async () => {
    const { ours, real } = await both('{"a":1}');
    await Promise.all([ours.json(), real.json()]);
    expect(ours.bodyUsed).toBe(true);
    const again = await ours.text().catch((e: unknown) => e);
    const realAgain = await real.text().catch((e: unknown) => e);
    expect(again).toBeInstanceOf(TypeError);
    expect((again as Error).message).toBe((realAgain as Error).message);
    expect(() => ours.clone()).toThrow(TypeError);
    expect(ours.body?.locked).toBe(real.body?.locked);
  });

  test("the body as a stream, and clones, behave as on a Response", async () => {
    const { ours } = await both('{"a":1}');
    expect(ours.bodyUsed).toBe(false);
    const copy = ours.clone();
    expect(copy.status).toBe(200);
    expect(await copy.json()).toEqual({ a: 1 });
    expect(await new Response(ours.body).text()).toBe('{"a":1}');
    expect(ours.bodyUsed).toBe(true);
    await expect(ours.json()).rejects.toThrow(TypeError);
  });

  test("a body that is not JSON rejects json() with a SyntaxError", async () => {
    const { ours } = await both("<html>login</html>");
    await expect(ours.json()).rejects.toThrow(SyntaxError);
  });

  test("a body bigger than its view's buffer is copied out exactly", async () => {
    const buffer = encoder.encode('xx{"a":1}yy');
    const view = buffer.subarray(2, 9);
    const ours = await transportAnswering({ body: view }).send();
    expect(new TextDecoder().decode(await ours.arrayBuffer())).toBe('{"a":1}');
  });

  test("an empty body is null, whatever the status", async () => {
    for (const status of [200, 204, 404]) {
      const response = await transportAnswering({ status }).send();
      expect(response.body).toBeNull();
      expect(await response.text()).toBe("");
    }
  });

  test("a body on a status that allows none fails, as the Response constructor refuses it", async () => {
    const error = await transportAnswering({ status: 204, body: encoder.encode("x") })
      .send()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DlfTransportError);
    expect(error).toMatchObject({ reason: "network" });
  });
});

describe("abandoning an attempt", () => {
  /** A transport on an engine whose answer never comes, recording why it was abandoned. */
  function hanging(timeoutMs: number) {
    const reasons: unknown[] = [];
    let sends = 0;
    const engine: Engine = () => {
      sends++;
      let reject: (error: unknown) => void = () => undefined;
      const answer = new Promise<Answer>((_, fail) => {
        reject = fail;
      });
      return {
        answer,
        abort: (reason) => {
          reasons.push(reason);
          reject(reason);
        },
      };
    };
    const send = createTransport({
      engine,
      timeoutMs,
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, budgetMs: 1000 },
      random: () => 0,
      authorize: undefined,
    });
    return { send, reasons, sends: () => sends };
  }

  test("a caller's signal already aborted sends nothing", async () => {
    const { send, sends } = hanging(1000);
    const request = new Request(URL_READ, { signal: AbortSignal.abort("stop") });
    const error = await send(request).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: "aborted", cause: "stop" });
    expect(sends()).toBe(0);
  });

  test.each([
    ["a fetch Request", (signal: AbortSignal) => new Request(URL_READ, { signal })],
    ["a CallRequest", (signal: AbortSignal) => new CallRequest(URL_READ, { signal })],
  ])(
    "a caller's abort in flight abandons %s's attempt with the caller's reason",
    async (_, make) => {
      const { send, reasons, sends } = hanging(10_000);
      const controller = new AbortController();
      const pending = send(make(controller.signal));
      await vi.waitFor(() => expect(sends()).toBe(1));
      controller.abort("changed my mind");
      await expect(pending).rejects.toMatchObject({ reason: "aborted", cause: "changed my mind" });
      expect(reasons).toEqual(["changed my mind"]);
    },
  );

  test("the timeout abandons the attempt with an AbortError, with no caller's signal too", async () => {
    for (const request of [new Request(URL_READ), new CallRequest(URL_READ, {})]) {
      const { send, reasons } = hanging(20);
      await expect(send(request)).rejects.toMatchObject({ reason: "timeout" });
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toMatchObject({ name: "AbortError" });
    }
  });
});

describe("a CallRequest, what openapi-fetch makes for the methods in Node", () => {
  test("goes out as built: the URL serialised, names lower-case, the JSON text as bytes", async () => {
    const sent: Outgoing[] = [];
    const send = createTransport({
      engine: (outgoing) => {
        sent.push(outgoing);
        return { answer: Promise.resolve(ANSWER), abort: () => undefined };
      },
      timeoutMs: 1000,
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, budgetMs: 1000 },
      random: () => 0,
      authorize: (outgoing) => {
        outgoing.headers["x-auth-token"] = "t";
      },
    });
    const request = new CallRequest("HTTP://127.0.0.1:80/v2/p1/factory/release-packages?a=b c", {
      method: "POST",
      headers: new Headers({ "Content-Type": "application/json", Workspace: "w1" }),
      body: '{"key_word":"é"}',
    });
    expect(request.signal).toBeUndefined();
    await send(request);
    expect(sent).toEqual([
      {
        method: "POST",
        url: "http://127.0.0.1/v2/p1/factory/release-packages?a=b%20c",
        headers: { "content-type": "application/json", workspace: "w1", "x-auth-token": "t" },
        body: new TextEncoder().encode('{"key_word":"é"}'),
      },
    ]);
  });
});

describe("routeOf names the operation from the URL's path", () => {
  test.each<[string, string, string | undefined, boolean]>([
    ["GET", "https://h/v2/p/factory/pending-items", "listFactoryPendingItems", true],
    ["GET", "https://h/v2/p/factory/pending-items/?limit=1", "listFactoryPendingItems", true],
    ["GET", "https://h/v2/p/factory/pending-items#frag", "listFactoryPendingItems", true],
    ["GET", "https://h/proxy/v2/p/factory/pending-items?a=/x", "listFactoryPendingItems", true],
    [
      "POST",
      "https://h/v2/p/factory/pending-items/package",
      "createFactoryPendingItemsPackage",
      false,
    ],
    ["POST", "https://h:8443/v2/p/factory/release-packages", "listFactoryReleasePackages", true],
    ["GET", "http://h/v2/p/factory/release-packages/4?x=1", "showFactoryPackageDetail", true],
    ["GET", "http://h/v2/p/factory/release-packages?x=/4", undefined, true],
    ["POST", "http://h/v2/p/factory/pending-items", undefined, false],
    ["HEAD", "http://h/elsewhere", undefined, true],
    ["DELETE", "http://h/", undefined, false],
  ])("%s %s", (method, url, name, safeToRetry) => {
    // Note: the URL as a Request serialises it, which is what the transport reads.
    const serialised = new Request(url, { method }).url;
    expect(routeOf(method, serialised)).toEqual({
      ...(name ? { method, path: expect.any(RegExp) } : {}),
      name,
      safeToRetry,
    });
  });
});
