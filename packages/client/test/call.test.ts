import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createDlfClient, type RetryEvent } from "../src/index.js";
import { startFaultServer } from "./support/fault-server.js";

// Which calls may be sent again is decided from the operation each call site names: the methods
// name theirs, raw's is looked up from the method and path template it was given.

let server: Awaited<ReturnType<typeof startFaultServer>>;
let retries: RetryEvent[];

beforeEach(async () => {
  server = await startFaultServer({ kind: "json", status: 200, body: { data: [], total: 0 } });
  retries = [];
});
afterEach(() => server.close());

const dlf = () =>
  createDlfClient({
    baseUrl: server.url,
    projectId: "p1",
    workspace: "w1",
    credentials: { token: "t" },
    retry: { baseDelayMs: 1, maxDelayMs: 1, onRetry: (event) => void retries.push(event) },
  });
const path = { project_id: "p1" };

describe("raw names the operation from its path template", () => {
  test("a read over POST is retried, as listFactoryReleasePackages", async () => {
    server.script({ kind: "json", status: 503, body: {} });
    const { response } = await dlf().raw.POST("/v2/{project_id}/factory/release-packages", {
      params: { path },
      body: {},
    });
    expect(response.status).toBe(200);
    expect(retries.map((r) => [r.operation, r.reason])).toEqual([
      ["listFactoryReleasePackages", 503],
    ]);
  });

  test("a GET of a path the spec does not have is retried, as HTTP allows", async () => {
    server.script({ kind: "json", status: 503, body: {} });
    const request = dlf().raw.request as (method: string, path: string) => Promise<unknown>;
    await request("get", "/v2/p1/factory/other");
    expect(retries.map((r) => [r.operation, r.reason])).toEqual([[undefined, 503]]);
    expect(server.requests.map((r) => r.url)).toEqual([
      "/v2/p1/factory/other",
      "/v2/p1/factory/other",
    ]);
  });

  test("a POST of a path the spec does not have is sent once", async () => {
    server.script({ kind: "json", status: 503, body: {} });
    const request = dlf().raw.request as (method: string, path: string) => Promise<unknown>;
    await request("post", "/v2/p1/factory/other");
    expect(retries).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });
});

describe("the Response that raw hands back", () => {
  test("has the answer's status, status text, every header and the body", async () => {
    server.script({
      kind: "json",
      status: 200,
      body: { data: [{ pending_item_id: "1" }], total: 1 },
      headers: { "x-request-id": "r-1", "set-cookie": "a=1" },
    });
    const { data, response } = await dlf().raw.GET("/v2/{project_id}/factory/pending-items", {
      params: { path, header: { workspace: "w1" } },
    });
    expect(data).toEqual({ data: [{ pending_item_id: "1" }], total: 1 });
    expect(response.status).toBe(200);
    expect(response.statusText).toBe("OK");
    expect(response.headers.get("x-request-id")).toBe("r-1");
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.bodyUsed).toBe(true);
  });
});
