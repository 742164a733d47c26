import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, test } from "vitest";
import {
  type Credentials,
  createDlfClient,
  type DlfClient,
  type DlfClientOptions,
  REGIONS,
} from "../src/index.js";
import { DEFAULT_HEADERS_TO_SIGN } from "../src/signer/index.js";

// The client's knowledge of the wire against the bundled spec, read here on its own: what each
// method sends, and what the signer and the options take from the spec. src/generated/wire.ts is
// generated from the same bundle and `check-generated` fails when it is stale; these tests fail
// when the client stops using it.

const spec = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve("@dlf-release/spec/openapi.json"), "utf8"),
);
const resolve = (node: { $ref?: string }) =>
  node.$ref
    ? node.$ref
        .slice(2)
        .split("/")
        .reduce((at, key) => at[key], spec)
    : node;

interface Sent {
  method: string;
  url: URL;
  headers: string[];
}

/** A client whose every request is recorded and answered at once; at baseUrl unless told otherwise. */
function capturing(credentials: Credentials, where: Partial<DlfClientOptions> = {}) {
  const sent: Sent[] = [];
  const dlf = createDlfClient({
    ...(where.region ? where : { baseUrl: "http://127.0.0.1:9" }),
    projectId: "p1",
    workspace: "w1",
    credentials,
    fetch: async (request) => {
      sent.push({
        method: request.method,
        url: new URL(request.url),
        headers: [...request.headers.keys()],
      });
      return Response.json({ data: [], total: 0, release_package_id: "1", package_name: "n" });
    },
  });
  return { dlf, sent };
}

const CALLS: Record<string, (dlf: DlfClient) => Promise<unknown>> = {
  listFactoryPendingItems: (dlf) =>
    dlf.listFactoryPendingItems({ limit: 10, offset: 0, item_name: "x" }),
  createFactoryPendingItemsPackage: (dlf) =>
    dlf.createFactoryPendingItemsPackage({
      apply_user_id: "u",
      package_name: "n",
      pending_item_list: ["1"],
      approver_ids: ["a"],
    }),
  listFactoryReleasePackages: (dlf) => dlf.listFactoryReleasePackages({ limit: 10 }),
  showFactoryPackageDetail: (dlf) => dlf.showFactoryPackageDetail("4"),
};

const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item as Record<string, { operationId: string; parameters?: object[] }>).map(
    ([method, operation]) => ({ path, method: method.toUpperCase(), ...operation }),
  ),
);

test("the client has a method for every operation of the spec, and no other", () => {
  expect(Object.keys(CALLS).sort()).toEqual(operations.map((o) => o.operationId).sort());
});

describe.each(operations)("$operationId", (operation) => {
  const parameters = (operation.parameters ?? []).map(resolve) as { name: string; in: string }[];
  const named = (place: string) => parameters.filter((p) => p.in === place).map((p) => p.name);

  test.each([
    ["a token", { token: "t" }],
    ["AK/SK", { accessKey: "AK", secretKey: "SK", securityToken: "ST" }],
  ])("with %s, sends the spec's method, path, query and headers only", async (_, credentials) => {
    const { dlf, sent } = capturing(credentials);
    await CALLS[operation.operationId]?.(dlf);
    expect(sent).toHaveLength(1);
    const [request] = sent as [Sent];
    expect(request.method).toBe(operation.method);
    const pattern = operation.path.replace(/\{[^}]+\}/g, "[^/]+");
    expect(request.url.pathname).toMatch(new RegExp(`^${pattern}$`));
    for (const key of request.url.searchParams.keys()) expect(named("query")).toContain(key);
    const security = Object.values(spec.components.securitySchemes).map((s) =>
      (s as { name: string }).name.toLowerCase(),
    );
    const allowed = [...named("header").map((h) => h.toLowerCase()), ...security, "content-type"];
    const signing = ["x-sdk-date", "x-security-token"];
    for (const header of request.headers) expect([...allowed, ...signing]).toContain(header);
    // Every header parameter the client sends is covered by an AK/SK signature.
    for (const header of named("header")) {
      expect(DEFAULT_HEADERS_TO_SIGN).toContain(header.toLowerCase());
    }
  });
});

test("the signing headers sent with AK/SK and a security token are the ones the spec describes", async () => {
  const sent: Headers[] = [];
  const dlf = createDlfClient({
    baseUrl: "http://127.0.0.1:9",
    projectId: "p1",
    workspace: "w1",
    credentials: { accessKey: "AK", secretKey: "SK", securityToken: "ST" },
    fetch: async (request) => {
      sent.push(request.headers);
      return Response.json({ data: [], total: 0 });
    },
  });
  await dlf.listFactoryPendingItems();
  const [headers] = sent as [Headers];
  expect(headers.get("authorization")).toMatch(/^SDK-HMAC-SHA256 Access=AK, SignedHeaders=/);
  expect(headers.get("x-sdk-date")).toMatch(/^\d{8}T\d{6}Z$/);
  expect(headers.get("x-security-token")).toBe("ST");
  for (const text of ["SDK-HMAC-SHA256", "X-Sdk-Date", "X-Security-Token"]) {
    expect(spec.info.description).toContain(text);
  }
});

test("the regions and the host are the spec's server's", async () => {
  const [server] = spec.servers;
  expect(REGIONS).toEqual(server.variables.region.enum);
  for (const region of REGIONS) {
    const { dlf, sent } = capturing({ token: "t" }, { region });
    await dlf.listFactoryPendingItems();
    expect(sent.map((request) => request.url.origin)).toEqual([
      server.url.replace("{region}", region),
    ]);
  }
});
