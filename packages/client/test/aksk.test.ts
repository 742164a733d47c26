import createClient from "openapi-fetch";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { akskAuthorize } from "../src/auth/aksk.js";
import type { AkSkCredentials, CredentialsProvider } from "../src/credentials.js";
import type { Engine } from "../src/engine.js";
import { DlfTransportError, DlfValidationError } from "../src/errors.js";
import { platform } from "../src/platform/node.js";
import { type Authorize, createTransport } from "../src/transport.js";
import { type Gateway, startGateway } from "./support/gateway.js";

interface Thing {
  id?: string;
  name?: string;
}

// A tiny paths type in openapi-typescript's shape, so the client is typed as in production.
interface paths {
  "/v2/{project_id}/things": {
    get: {
      parameters: {
        path: { project_id: string };
        query?: Record<string, string | string[]>;
        header?: { workspace?: string };
      };
      responses: { 200: { content: { "application/json": { things: Thing[] } } } };
    };
    post: {
      parameters: { path: { project_id: string } };
      requestBody: { content: { "application/json": Thing } };
      responses: {
        200: { content: { "application/json": Thing } };
        401: { content: { "application/json": ApigError } };
      };
    };
  };
}

interface ApigError {
  error_code: string;
  error_msg: string;
  request_id: string;
}

const PERMANENT = { accessKey: "AK-PERMANENT", secretKey: "sk-permanent/+=" };
const TEMPORARY = {
  accessKey: "AK-TEMPORARY",
  secretKey: "sk-temporary",
  securityToken: "gQpjbi1ub3J0aC00",
};
const PATH = "/v2/{project_id}/things" as const;
const PROJECT = { path: { project_id: "0123456789abcdef" } };

let gateway: Gateway;

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
    handler: (request) => ({
      json:
        request.method === "POST"
          ? { id: "new", ...JSON.parse(request.body.toString("utf8")) }
          : { things: [] },
    }),
  });
});

afterAll(async () => {
  await gateway.close();
});

beforeEach(() => {
  gateway.requests.length = 0;
  gateway.rejections.length = 0;
});

const aksk = (source: AkSkCredentials | CredentialsProvider, now?: () => Date) =>
  akskAuthorize(source, now);

/** The transport signing with `authorize`, sending through `engine` (default the platform's). */
function transport(authorize: Authorize, engine: Engine = platform.engine()) {
  return createTransport({
    engine,
    authorize,
    timeoutMs: 5000,
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, budgetMs: 5000 },
    random: () => 0,
  });
}

/** A typed openapi-fetch client on that transport, as `dlf.raw` is made. */
function client(authorize: Authorize, engine?: Engine) {
  return createClient<paths>({
    baseUrl: gateway.url,
    headers: { "X-Project-Id": "0123456789abcdef" },
    fetch: transport(authorize, engine),
  });
}

/** An engine that changes a request after it was signed, then sends it. */
function tampering(change: (url: string, body: Uint8Array | null) => [string, string | null]) {
  const send = platform.engine();
  const engine: Engine = (outgoing) => {
    const [url, body] = change(outgoing.url, outgoing.body);
    return send({ ...outgoing, url, body: body === null ? null : new TextEncoder().encode(body) });
  };
  return engine;
}

async function expectApig0301(response: Response, error: unknown): Promise<string> {
  expect(response.status).toBe(401);
  const body = error as ApigError;
  expect(body.error_code).toBe("APIG.0301");
  expect(body.error_msg).toMatch(/^Incorrect IAM authentication information: /);
  expect(body.request_id).toMatch(/^[0-9a-f]{32}$/);
  expect(response.headers.get("x-request-id")).toBe(body.request_id);
  expect(gateway.requests).toHaveLength(0);
  expect(gateway.rejections).toHaveLength(1);
  return gateway.rejections[0]?.reason ?? "";
}

describe("accepted by the gateway", () => {
  it("GET with spaces, unicode, reserved characters and repeated keys in the query", async () => {
    const { data, error, response } = await client(aksk(() => PERMANENT)).GET(PATH, {
      params: {
        ...PROJECT,
        query: {
          q: "a b+c",
          name: "一二 😀",
          chars: "!'()*&=/?#%~",
          tag: ["zeta", "alpha", "alpha"],
          empty: "",
        },
        header: { workspace: "ws-1" },
      },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual({ things: [] });
    const [received] = gateway.requests;
    // The query sent is the query signed: strict encoding, parameter order kept.
    expect(received?.url).toBe(
      "/v2/0123456789abcdef/things?q=a%20b%2Bc&name=%E4%B8%80%E4%BA%8C%20%F0%9F%98%80" +
        "&chars=%21%27%28%29%2A%26%3D%2F%3F%23%25~&tag=zeta&tag=alpha&tag=alpha&empty=",
    );
    expect(received?.accessKey).toBe(PERMANENT.accessKey);
    expect(received?.signedHeaders).toEqual(["host", "workspace", "x-project-id", "x-sdk-date"]);
    expect(received?.headers["x-sdk-date"]).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it("POST with a JSON body: the bytes sent are the bytes signed", async () => {
    const { data, response } = await client(aksk(() => PERMANENT)).POST(PATH, {
      params: PROJECT,
      body: { name: "café 一" },
    });
    expect(response.status).toBe(200);
    expect(data).toEqual({ id: "new", name: "café 一" });
    const [received] = gateway.requests;
    expect(received?.body.toString("utf8")).toBe('{"name":"café 一"}');
    expect(received?.signedHeaders).toEqual(["content-type", "host", "x-project-id", "x-sdk-date"]);
  });

  it("temporary credentials send and sign X-Security-Token", async () => {
    const { response } = await client(aksk(async () => TEMPORARY)).GET(PATH, {
      params: PROJECT,
    });
    expect(response.status).toBe(200);
    const [received] = gateway.requests;
    expect(received?.headers["x-security-token"]).toBe(TEMPORARY.securityToken);
    expect(received?.signedHeaders).toContain("x-security-token");
  });

  it("a rotating provider is asked once per request, and each request uses what it gave", async () => {
    let calls = 0;
    const rotating = async () => {
      calls += 1;
      return { accessKey: `AK-ROTATED-${calls}`, secretKey: `sk-rotated-${calls}` };
    };
    const api = client(aksk(rotating));
    for (let i = 0; i < 3; i++) {
      const { response } = await api.POST(PATH, { params: PROJECT, body: { name: `n${i}` } });
      expect(response.status).toBe(200);
    }
    expect(calls).toBe(3);
    expect(gateway.requests.map((r) => r.accessKey)).toEqual([
      "AK-ROTATED-1",
      "AK-ROTATED-2",
      "AK-ROTATED-3",
    ]);
  });

  it("a bare key, a stray percent and a + in a hand-made URL are sent as signed", async () => {
    const send = transport(aksk(PERMANENT));
    const response = await send(new Request(`${gateway.url}/raw/a b/é?flag&b=1+2&c=100%&b=0`));
    expect(response.status).toBe(200);
    expect(gateway.requests[0]?.url).toBe("/raw/a%20b/%C3%A9?flag=&b=1%202&c=100%25&b=0");
  });

  it("a date skewed by 14 minutes is still accepted", async () => {
    const skewed = aksk(PERMANENT, () => new Date(Date.now() - 14 * 60_000));
    const { response } = await client(skewed).GET(PATH, { params: PROJECT });
    expect(response.status).toBe(200);
  });

  it("keeps the caller's abort signal", async () => {
    const controller = new AbortController();
    controller.abort();
    const call = client(aksk(() => PERMANENT)).GET(PATH, {
      params: PROJECT,
      signal: controller.signal,
    });
    await expect(call).rejects.toBeInstanceOf(DlfTransportError);
    await expect(call).rejects.toMatchObject({ reason: "aborted" });
    expect(gateway.requests).toHaveLength(0);
  });
});

describe("refused by the gateway with 401 APIG.0301", () => {
  it("a wrong secret key", async () => {
    const { response, error } = await client(
      aksk({ accessKey: PERMANENT.accessKey, secretKey: "not-the-secret" }),
    ).POST(PATH, { params: PROJECT, body: { name: "x" } });
    expect(await expectApig0301(response, error)).toBe("signature does not match");
  });

  it("a body changed after signing", async () => {
    const tamper = tampering((url) => [url, '{"name":"evil"}']);
    const { response, error } = await client(aksk(PERMANENT), tamper).POST(PATH, {
      params: PROJECT,
      body: { name: "good" },
    });
    expect(await expectApig0301(response, error)).toBe("signature does not match");
  });

  it("a query changed after signing", async () => {
    const tamper = tampering((url) => [url.replace("limit=1", "limit=2"), null]);
    const { response, error } = await client(aksk(PERMANENT), tamper).GET(PATH, {
      params: { ...PROJECT, query: { limit: "1" } },
    });
    expect(await expectApig0301(response, error)).toBe("signature does not match");
  });

  it("middlewares run before signing, so what they change is signed", async () => {
    const api = client(aksk(PERMANENT));
    api.use({
      onRequest({ request }) {
        request.headers.set("workspace", "set-by-middleware");
        return request;
      },
    });
    const { response } = await api.GET(PATH, { params: PROJECT });
    expect(response.status).toBe(200);
    expect(gateway.requests[0]?.signedHeaders).toContain("workspace");
  });

  it("a date more than 15 minutes old", async () => {
    const stale = aksk(PERMANENT, () => new Date(Date.now() - 16 * 60_000));
    const { response, error } = await client(stale).GET(PATH, { params: PROJECT });
    expect(await expectApig0301(response, error)).toMatch(/15 minutes/);
  });

  it("temporary credentials without their security token", async () => {
    const { response, error } = await client(
      aksk({ accessKey: TEMPORARY.accessKey, secretKey: TEMPORARY.secretKey }),
    ).GET(PATH, { params: PROJECT });
    expect(await expectApig0301(response, error)).toMatch(/X-Security-Token/);
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
      const call = client(aksk(() => credentials as never)).GET(PATH, { params: PROJECT });
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
    const call = client(
      aksk(async () => {
        throw failure;
      }),
    ).GET(PATH, { params: PROJECT });
    await expect(call).rejects.toBe(failure);
  });
});
