import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type Credentials,
  createDlfClient,
  DlfApiError,
  type DlfClientOptions,
  DlfTransportError,
  DlfValidationError,
} from "../src/index.js";
import { signRequest } from "../src/signer/index.js";
import { type Gateway, startGateway } from "./support/gateway.js";

// The client's AK/SK signing, end to end: every request goes through createDlfClient (or its raw
// client) to the loopback gateway, which checks each signature on its own.

const PERMANENT = { accessKey: "AK-PERMANENT", secretKey: "sk-permanent/+=" };
const TEMPORARY = {
  accessKey: "AK-TEMPORARY",
  secretKey: "sk-temporary",
  securityToken: "gQpjbi1ub3J0aC00",
};
const PROJECT = "0123456789abcdef";
const RELEASE = {
  apply_user_id: "u1",
  package_name: "café 一",
  pending_item_list: ["1"],
  approver_ids: ["a1"],
};

let gateway: Gateway;
/** How far the gateway's clock is ahead of this process's. */
let clockAheadMs = 0;

beforeAll(async () => {
  gateway = await startGateway({
    credentials: new Map([
      [PERMANENT.accessKey, { secretKey: PERMANENT.secretKey }],
      [
        TEMPORARY.accessKey,
        { secretKey: TEMPORARY.secretKey, securityToken: TEMPORARY.securityToken },
      ],
      ["AK-ROTATED-1", { secretKey: "sk-rotated-1" }],
      ["AK-ROTATED-2", { secretKey: "sk-rotated-2" }],
      ["AK-ROTATED-3", { secretKey: "sk-rotated-3" }],
    ]),
    now: () => Date.now() + clockAheadMs,
    handler: (request) => ({
      json:
        request.method === "POST" && request.url.endsWith("/package")
          ? { release_package_id: "42", package_name: JSON.parse(`${request.body}`).package_name }
          : { data: [], total: 0 },
    }),
  });
});

afterAll(async () => {
  await gateway.close();
});

beforeEach(() => {
  gateway.requests.length = 0;
  gateway.rejections.length = 0;
  clockAheadMs = 0;
});

function client(credentials: Credentials, options: Partial<DlfClientOptions> = {}) {
  return createDlfClient({
    baseUrl: gateway.url,
    projectId: PROJECT,
    workspace: "ws-1",
    credentials,
    retry: false,
    ...options,
  });
}

/** A fetch that changes a request after it was signed, then sends it. */
function tampering(change: (url: string, body: string) => [string, string]) {
  return async (request: Request) => {
    const [url, body] = change(request.url, await request.text());
    const { method, headers } = request;
    return fetch(url, { method, headers, body: method === "GET" ? null : body });
  };
}

async function refusal(call: Promise<unknown>): Promise<string> {
  const error = (await call.catch((e: unknown) => e)) as DlfApiError;
  expect(error).toMatchObject({ name: "DlfApiError", status: 401, errorCode: "APIG.0301" });
  expect(error.errorMessage).toMatch(/^Incorrect IAM authentication information: /);
  expect(error.requestId).toMatch(/^[0-9a-f]{32}$/);
  expect(gateway.requests).toHaveLength(0);
  expect(gateway.rejections).toHaveLength(1);
  return gateway.rejections[0]?.reason ?? "";
}

describe("accepted by the gateway", () => {
  it("GET with spaces, unicode, reserved characters and repeated keys in the query", async () => {
    const { response } = await client(() => PERMANENT).raw.GET(
      "/v2/{project_id}/factory/pending-items",
      {
        params: {
          path: { project_id: PROJECT },
          header: { workspace: "ws-1" },
          query: {
            submit_user_name: "a b+c",
            item_name: "一二 😀",
            task_type: "!'()*&=/?#%~",
            update_type: ["zeta", "alpha", "alpha"] as never,
            start_time: "",
          },
        },
      },
    );
    expect(response.status).toBe(200);
    const [received] = gateway.requests;
    // The query sent is the query signed: strict encoding, parameter order kept.
    expect(received?.url).toBe(
      `/v2/${PROJECT}/factory/pending-items?submit_user_name=a%20b%2Bc` +
        "&item_name=%E4%B8%80%E4%BA%8C%20%F0%9F%98%80&task_type=%21%27%28%29%2A%26%3D%2F%3F%23%25~" +
        "&update_type=zeta&update_type=alpha&update_type=alpha&start_time=",
    );
    expect(received?.accessKey).toBe(PERMANENT.accessKey);
    expect(received?.signedHeaders).toEqual(["host", "workspace", "x-project-id", "x-sdk-date"]);
    expect(received?.headers["x-sdk-date"]).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it("POST with a JSON body: the bytes sent are the bytes signed", async () => {
    await expect(client(PERMANENT).createFactoryPendingItemsPackage(RELEASE)).resolves.toEqual({
      release_package_id: "42",
      package_name: "café 一",
    });
    const [received] = gateway.requests;
    expect(received?.body.toString("utf8")).toBe(JSON.stringify(RELEASE));
    expect(received?.signedHeaders).toEqual([
      "content-type",
      "host",
      "workspace",
      "x-project-id",
      "x-sdk-date",
    ]);
  });

  it("temporary credentials send and sign X-Security-Token", async () => {
    await client(async () => TEMPORARY).listFactoryPendingItems();
    const [received] = gateway.requests;
    expect(received?.headers["x-security-token"]).toBe(TEMPORARY.securityToken);
    expect(received?.signedHeaders).toContain("x-security-token");
  });

  it("a rotating provider is asked once per request, and each request uses what it gave", async () => {
    let calls = 0;
    const dlf = client(async () => {
      calls += 1;
      return { accessKey: `AK-ROTATED-${calls}`, secretKey: `sk-rotated-${calls}` };
    });
    for (let i = 0; i < 3; i++) await dlf.listFactoryReleasePackages({ key_word: `n${i}` });
    expect(calls).toBe(3);
    expect(gateway.requests.map((r) => r.accessKey)).toEqual([
      "AK-ROTATED-1",
      "AK-ROTATED-2",
      "AK-ROTATED-3",
    ]);
  });

  it("a bare key, a stray percent and a + in a hand-made URL are sent as signed", async () => {
    const signed = await signRequest(
      { method: "GET", url: `${gateway.url}/raw/a b/é?flag&b=1+2&c=100%&b=0` },
      PERMANENT,
    );
    const response = await fetch(signed.url, { headers: { ...signed.headers } });
    expect(response.status).toBe(200);
    expect(gateway.requests[0]?.url).toBe("/raw/a%20b/%C3%A9?flag=&b=1%202&c=100%25&b=0");
  });

  it("a clock 14 minutes apart is still accepted", async () => {
    clockAheadMs = 14 * 60_000;
    await expect(client(PERMANENT).listFactoryPendingItems()).resolves.toEqual({
      data: [],
      total: 0,
    });
  });

  it("keeps the caller's abort signal", async () => {
    const controller = new AbortController();
    controller.abort();
    const call = client(() => PERMANENT).listFactoryPendingItems({}, { signal: controller.signal });
    await expect(call).rejects.toBeInstanceOf(DlfTransportError);
    await expect(call).rejects.toMatchObject({ reason: "aborted" });
    expect(gateway.requests).toHaveLength(0);
  });
});

describe("refused by the gateway with 401 APIG.0301", () => {
  it("a wrong secret key, as a DlfApiError that is not retryable and shows no secret", async () => {
    const wrong = { accessKey: PERMANENT.accessKey, secretKey: "not-the-secret" };
    const call = client(wrong).createFactoryPendingItemsPackage(RELEASE);
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DlfApiError);
    expect(error).toMatchObject({ retryable: false });
    expect(JSON.stringify(error)).not.toContain("not-the-secret");
    expect(await refusal(Promise.reject(error))).toBe("signature does not match");
  });

  it("a body changed after signing", async () => {
    const fetch = tampering((url) => [url, '{"key_word":"evil"}']);
    const reason = await refusal(client(PERMANENT, { fetch }).listFactoryReleasePackages({}));
    expect(reason).toBe("signature does not match");
  });

  it("a query changed after signing", async () => {
    const fetch = tampering((url, body) => [url.replace("limit=1", "limit=2"), body]);
    const call = client(PERMANENT, { fetch }).listFactoryPendingItems({ limit: 1 });
    expect(await refusal(call)).toBe("signature does not match");
  });

  it("raw's middlewares run before signing, so what they change is signed", async () => {
    const { raw } = client(PERMANENT);
    raw.use({
      onRequest({ request }) {
        request.headers.set("workspace", "set-by-middleware");
        return request;
      },
    });
    const { response } = await raw.GET("/v2/{project_id}/factory/release-packages/{package_id}", {
      params: { path: { project_id: PROJECT, package_id: "4" } },
    });
    expect(response.status).toBe(200);
    expect(gateway.requests[0]?.headers.workspace).toBe("set-by-middleware");
    expect(gateway.requests[0]?.signedHeaders).toContain("workspace");
  });

  it("a clock more than 15 minutes apart", async () => {
    clockAheadMs = 16 * 60_000;
    expect(await refusal(client(PERMANENT).listFactoryPendingItems())).toMatch(/15 minutes/);
  });

  it("temporary credentials without their security token", async () => {
    const partial = { accessKey: TEMPORARY.accessKey, secretKey: TEMPORARY.secretKey };
    expect(await refusal(client(partial).listFactoryPendingItems())).toMatch(/X-Security-Token/);
  });
});

describe("bad credentials from a provider", () => {
  const SECRET = "very-secret-sk-value";
  const TOKEN = "very-secret-token-value";
  const cases: Array<[string, unknown, RegExp]> = [
    [
      "empty accessKey",
      { accessKey: "", secretKey: SECRET },
      /accessKey must be a non-empty string of printable ASCII/,
    ],
    ["missing secretKey", { accessKey: "AK" }, /secretKey must be a non-empty string/],
    ["empty secretKey", { accessKey: "AK", secretKey: "" }, /secretKey must be a non-empty string/],
    [
      "numeric secretKey",
      { accessKey: "AK", secretKey: 123 },
      /secretKey must be a non-empty string/,
    ],
    [
      "empty securityToken",
      { accessKey: "AK", secretKey: SECRET, securityToken: "" },
      /securityToken must be a non-empty string of printable ASCII/,
    ],
    [
      "securityToken with a line break",
      { accessKey: "AK", secretKey: SECRET, securityToken: `${TOKEN}\r\nX-Evil: 1` },
      /securityToken must be a non-empty string of printable ASCII/,
    ],
    [
      "accessKey with a space",
      { accessKey: "A K", secretKey: SECRET },
      /accessKey must be a non-empty string of printable ASCII/,
    ],
    ["no object", undefined, /credentials must be an object/],
  ];

  for (const [name, credentials, message] of cases) {
    it(`${name}: the error names the field and quotes no secret`, async () => {
      const call = client(() => credentials as never).listFactoryPendingItems();
      const error = await call.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DlfValidationError);
      const text = `${(error as Error).message} ${(error as Error).stack} ${JSON.stringify(error)}`;
      expect((error as Error).message).toMatch(message);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(TOKEN);
      expect(gateway.requests).toHaveLength(0);
      expect(gateway.rejections).toHaveLength(0);
    });
  }

  it("a provider that fails makes the call fail with its error", async () => {
    const failure = new Error("could not refresh credentials");
    const call = client(async () => {
      throw failure;
    }).listFactoryPendingItems();
    await expect(call).rejects.toBe(failure);
  });
});
