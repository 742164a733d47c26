import { once } from "node:events";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Engine, fetchEngine, headerValue } from "../src/engine.js";
import { nodeHttpEngine } from "../src/node/engine.js";

const JSON_BODY = JSON.stringify({ data: Array.from({ length: 200 }, (_, i) => ({ i })) });
const stalled = new Set<ServerResponse>();

const server = createServer((req, res) => {
  const path = req.url ?? "/";
  if (path.startsWith("/encoded/")) {
    const encoding = path.slice("/encoded/".length);
    const compress = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync }[encoding];
    res.writeHead(200, { "content-encoding": encoding, "content-type": "application/json" });
    res.end(compress ? compress(JSON_BODY) : JSON_BODY);
  } else if (path === "/chunked") {
    res.writeHead(200, { "content-type": "application/json", "x-twice": "a" });
    const half = JSON_BODY.length / 2;
    res.write(JSON_BODY.slice(0, half));
    setTimeout(() => res.end(JSON_BODY.slice(half)), 5);
  } else if (path === "/cut") {
    res.writeHead(200, { "content-length": "100" });
    res.write("{");
    setTimeout(() => req.socket.destroy(), 5);
  } else if (path === "/stall") {
    res.writeHead(200, { "content-length": "100" });
    res.write("{");
    stalled.add(res);
  } else {
    res.writeHead(201, "Made", [
      ["X-Repeated", "1"],
      ["x-repeated", "2"],
    ]);
    res.end(`${req.method} ${path} ${req.headers["x-sent"]} ${req.headers["content-length"]}`);
  }
});
let origin: string;

beforeAll(async () => {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const res of stalled) res.socket?.destroy();
  server.closeAllConnections();
  server.close();
});

const engines: [string, () => Engine][] = [
  ["node:http", () => nodeHttpEngine() as Engine],
  ["fetch", () => fetchEngine((request) => fetch(request))],
];

const outgoing = (path: string, init: { method?: string; body?: string } = {}) => ({
  method: init.method ?? "GET",
  url: `${origin}${path}`,
  headers: { "x-sent": "yes" },
  body: init.body === undefined ? null : new TextEncoder().encode(init.body),
});

describe.each(engines)("%s engine", (_, make) => {
  const engine = make();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

  test("sends method, path, headers and body, and reads status, text and every header", async () => {
    const answer = await engine(outgoing("/echo?q=1", { method: "POST", body: "abc" })).answer;
    expect(answer).toMatchObject({ status: 201, statusText: "Made" });
    expect(text(answer.body)).toBe("POST /echo?q=1 yes 3");
    expect(headerValue(answer.headers, "x-repeated")).toBe("1, 2");
  });

  test("reads a body that comes in several chunks", async () => {
    const answer = await engine(outgoing("/chunked")).answer;
    expect(text(answer.body)).toBe(JSON_BODY);
    expect(headerValue(answer.headers, "x-twice")).toBe("a");
  });

  test.each(["gzip", "deflate", "br"])("decodes a %s body", async (encoding) => {
    const answer = await engine(outgoing(`/encoded/${encoding}`)).answer;
    expect(JSON.parse(text(answer.body))).toEqual(JSON.parse(JSON_BODY));
  });

  test("rejects a body cut short", async () => {
    await expect(engine(outgoing("/cut")).answer).rejects.toThrow();
  });

  test("abort() abandons an answer stalled mid-body, and the next attempt goes through", async () => {
    const sending = engine(outgoing("/stall"));
    setTimeout(
      () => sending.abort(new DOMException("This operation was aborted", "AbortError")),
      20,
    );
    const error = await sending.answer.catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "AbortError" });
    expect(text((await engine(outgoing("/after")).answer).body)).toBe("GET /after yes undefined");
  });

  test("abort() after the answer changes nothing", async () => {
    const sending = engine(outgoing("/done"));
    await sending.answer;
    sending.abort(new Error("late"));
    expect((await engine(outgoing("/next")).answer).status).toBe(201);
  });
});

test("the node engine reports an abort as node:http does, the reason as cause", async () => {
  const sending = (nodeHttpEngine() as Engine)(outgoing("/stall"));
  const reason = new Error("why");
  setTimeout(() => sending.abort(reason), 20);
  const error = await sending.answer.catch((e: unknown) => e);
  expect(error).toMatchObject({ name: "AbortError", code: "ABORT_ERR", cause: reason });
});

test("headerValue finds a name in any case and says null when absent", () => {
  const raw = ["Retry-After", "5", "X-A", "1", "x-a", "2"];
  expect(headerValue(raw, "retry-after")).toBe("5");
  expect(headerValue(raw, "x-a")).toBe("1, 2");
  expect(headerValue(raw, "x-b")).toBeNull();
});
